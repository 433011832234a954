package dev.latentforge.testing.generators;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import dev.latentforge.StorageProperties;
import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.datasets.DatasetCatalog;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.jobs.TrainingJob;
import dev.latentforge.jobs.TrainingJobRepository;
import dev.latentforge.models.JobSpec;
import dev.latentforge.tensors.Tensor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a queued test job of the {@link LinearGeneratorFamily} checkpoints with seeded
 * random parameters, committed through the checkpoint service as a worker's would be.
 */
public class GeneratorModels {

	private final CheckpointService checkpoints;

	private final TrainingJobRepository jobs;

	private final DatasetCatalog datasets;

	private final StorageProperties storage;

	private final JsonMapper json;

	public GeneratorModels(CheckpointService checkpoints, TrainingJobRepository jobs, DatasetCatalog datasets,
			StorageProperties storage, JsonMapper json) {
		this.checkpoints = checkpoints;
		this.jobs = jobs;
		this.datasets = datasets;
		this.storage = storage;
		this.json = json;
	}

	/**
	 * Writes and commits a checkpoint.
	 * @param jobId the job (queued, of the linear generator family)
	 * @param step the step
	 * @param seed the parameters' seed
	 * @return the committed checkpoint
	 */
	public Checkpoint checkpoint(String jobId, long step, long seed) throws IOException {
		TrainingJob job = this.jobs.findById(jobId).orElseThrow();
		JobSpec spec = this.json.readValue(job.getSpec(), JobSpec.class);
		LinearGeneratorSpec model = (LinearGeneratorSpec) spec.model();
		DatasetInfo dataset = this.datasets.find(spec.dataset()).orElseThrow();
		int inputs = model.latentSize() + model.vocabulary().size();
		int outputs = dataset.exampleSize();
		SplittableRandom random = new SplittableRandom(seed);
		float scale = (float) (1 / Math.sqrt(inputs));
		float[] weight = new float[outputs * inputs];
		for (int i = 0; i < weight.length; i++) {
			weight[i] = (float) random.nextGaussian() * scale;
		}
		float[] bias = new float[outputs];
		for (int i = 0; i < bias.length; i++) {
			bias[i] = (float) random.nextGaussian() * 0.1f;
		}
		Map<String, Tensor> parameters = new LinkedHashMap<>();
		parameters.put("weight", Tensor.ofFloats(new int[] { outputs, inputs }, weight));
		parameters.put("bias", Tensor.ofFloats(new int[] { outputs }, bias));
		CheckpointManifest manifest = new CheckpointManifest(CheckpointFiles.FORMAT_VERSION, jobId, job.getAttempt(),
				step, 1000, LinearGeneratorFamily.TYPE, spec,
				new CheckpointManifest.DatasetRef(dataset.id(), dataset.sha256(), dataset.version(), dataset.channels(),
						dataset.height(), dataset.width(), dataset.bitDepth()),
				seed, 1, "cpu", new CheckpointManifest.DataCursor(0, step, 1000), Map.of("format", "1"), Map.of(),
				Map.of(), Instant.now());
		Path attemptDir = this.storage.jobs().resolve(jobId).resolve("a" + job.getAttempt());
		CheckpointFiles.Written written = CheckpointFiles.write(attemptDir, manifest, parameters, Map.of(), null,
				this.json);
		return this.checkpoints
			.commit(new CheckpointService.Report(jobId, job.getAttempt(), step, written.dir(), written.sha256(),
					written.sizeBytes(), Map.of()), null)
			.orElseThrow();
	}

}
