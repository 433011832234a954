package dev.latentforge.jobs.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.models.JobSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a node tells a worker about the attempt it runs, written as JSON next to the
 * attempt's checkpoints.
 *
 * @param jobId the job
 * @param attempt the attempt number, also the fencing token of its checkpoint commits
 * @param family the model family
 * @param spec the resolved job specification
 * @param dataset the data set reference, with its shape
 * @param datasetDir the data set's directory
 * @param attemptDir where this attempt writes its checkpoints
 * @param resumeFrom the checkpoint directory to continue from, or {@code null} to start
 * fresh
 * @param device the device setting ({@code auto}, {@code cpu}, {@code gpu:N})
 * @param wallTimeRemainingMillis running time left before the job must stop, or
 * {@code null}
 * @param inputs the directories of the checkpoints the spec refers to, by field (empty
 * when it refers to none, or when resuming from a checkpoint of its own)
 */
public record JobFile(String jobId, int attempt, String family, JobSpec spec, CheckpointManifest.DatasetRef dataset,
		String datasetDir, String attemptDir, String resumeFrom, String device, Long wallTimeRemainingMillis,
		java.util.Map<String, String> inputs) {

	public JobFile {
		inputs = inputs != null ? java.util.Map.copyOf(inputs) : java.util.Map.of();
	}

	/** A job file without referenced checkpoints. */
	public JobFile(String jobId, int attempt, String family, JobSpec spec, CheckpointManifest.DatasetRef dataset,
			String datasetDir, String attemptDir, String resumeFrom, String device, Long wallTimeRemainingMillis) {
		this(jobId, attempt, family, spec, dataset, datasetDir, attemptDir, resumeFrom, device, wallTimeRemainingMillis,
				java.util.Map.of());
	}

	public static final String FILE_NAME = "job.json";

	public void write(Path file, JsonMapper json) throws IOException {
		Files.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
	}

	public static JobFile read(Path file, JsonMapper json) {
		return json.readValue(file.toFile(), JobFile.class);
	}

}
