package dev.latentforge.checkpoints;

import java.time.Instant;
import java.util.Map;

import dev.latentforge.models.JobSpec;

/**
 * The manifest of a checkpoint directory: with the tensors beside it, enough to rebuild
 * the model and to resume its training exactly.
 *
 * @param formatVersion the checkpoint format version
 * ({@link CheckpointFiles#FORMAT_VERSION})
 * @param jobId the job
 * @param attempt the attempt (fencing token) that wrote it
 * @param step the number of steps done
 * @param totalSteps the steps of the whole run
 * @param family the model family
 * @param spec the resolved job specification
 * @param dataset the data set it was trained on
 * @param seed the job's seed
 * @param threads the intra-op threads used (results are reproducible at the same count)
 * @param device the device trained on
 * @param cursor where the data stream stands
 * @param libraries library versions (djl, pytorch, java, format)
 * @param metrics held-out metrics at this step
 * @param files each data file's sha256 and size
 * @param createdAt when it was written
 */
public record CheckpointManifest(int formatVersion, String jobId, int attempt, long step, long totalSteps,
		String family, JobSpec spec, DatasetRef dataset, long seed, int threads, String device, DataCursor cursor,
		Map<String, String> libraries, Map<String, Double> metrics, Map<String, FileEntry> files, Instant createdAt) {

	/**
	 * The data set a checkpoint was trained on.
	 *
	 * @param id the data set id
	 * @param sha256 its data hash
	 * @param version its version
	 * @param channels channels per example
	 * @param height example height
	 * @param width example width (the dimension for points)
	 * @param bitDepth bits per stored sample
	 */
	public record DatasetRef(String id, String sha256, int version, int channels, int height, int width, int bitDepth) {

		/** The shape of one image: [C, H, W]. */
		public ai.djl.ndarray.types.Shape imageShape() {
			return new ai.djl.ndarray.types.Shape(this.channels, this.height, this.width);
		}

	}

	/**
	 * Where the data stream stands after {@code step} steps; derivable from the step,
	 * recorded for readers.
	 *
	 * @param epoch the 0-based epoch of the next step
	 * @param batchInEpoch the batch index of the next step within its epoch
	 * @param stepsPerEpoch steps per epoch
	 */
	public record DataCursor(long epoch, long batchInEpoch, long stepsPerEpoch) {
	}

	/**
	 * A file of the checkpoint.
	 *
	 * @param sha256 its hash
	 * @param size its size in bytes
	 */
	public record FileEntry(String sha256, long size) {
	}

	public CheckpointManifest withFiles(Map<String, FileEntry> newFiles) {
		return new CheckpointManifest(this.formatVersion, this.jobId, this.attempt, this.step, this.totalSteps,
				this.family, this.spec, this.dataset, this.seed, this.threads, this.device, this.cursor, this.libraries,
				this.metrics, newFiles, this.createdAt);
	}

}
