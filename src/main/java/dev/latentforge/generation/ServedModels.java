package dev.latentforge.generation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.jobs.JobService;
import dev.latentforge.jobs.TrainingJob;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.security.Callers;
import dev.latentforge.security.Quotas;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Finds the model behind a request: the job with that id, the checkpoint selected by
 * {@code ?checkpoint=best|latest|<id>} (default best; latest where the family has no
 * quality metric), and its loaded form; checks that the model offers the operation asked
 * for.
 */
@Service
public class ServedModels {

	private final JobService jobs;

	private final CheckpointService checkpoints;

	private final ModelCache cache;

	private final ModelFamilies families;

	private final InferenceExecutor inference;

	private final GenerationProperties properties;

	private final JsonMapper json;

	private final Quotas quotas;

	/** The data set shape of recently served checkpoints, by checkpoint id. */
	private final Map<String, CheckpointManifest.DatasetRef> datasets = Collections
		.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, CheckpointManifest.DatasetRef> eldest) {
				return size() > 256;
			}
		});

	public ServedModels(JobService jobs, CheckpointService checkpoints, ModelCache cache, ModelFamilies families,
			InferenceExecutor inference, GenerationProperties properties, JsonMapper json, Quotas quotas) {
		this.jobs = jobs;
		this.checkpoints = checkpoints;
		this.cache = cache;
		this.families = families;
		this.inference = inference;
		this.properties = properties;
		this.json = json;
		this.quotas = quotas;
	}

	/**
	 * A model selected for a request.
	 *
	 * @param job its job
	 * @param spec its specification
	 * @param family its family
	 * @param checkpoint the selected checkpoint
	 */
	public record Selected(TrainingJob job, JobSpec spec, ModelFamily family, Checkpoint checkpoint) {
	}

	/**
	 * Selects a model for an inference request, after taking the request from the
	 * caller's generation-rate quota.
	 * @param id the model id
	 * @param checkpointSelector best, latest or a checkpoint id
	 * @param capability the operation
	 * @return the selected model
	 */
	public Selected selectForInference(String id, String checkpointSelector, String capability) {
		Selected selected = select(id, checkpointSelector, capability);
		this.quotas.acquireGeneration(Callers.current());
		return selected;
	}

	public Selected select(String id, String checkpointSelector, String capability) {
		TrainingJob job = this.jobs.get(id);
		JobSpec spec = this.json.readValue(job.getSpec(), JobSpec.class);
		ModelFamily family = this.families.require(job.getFamily());
		if (capability != null && !family.capabilities(spec.model()).contains(capability)) {
			throw new ApiException(ProblemType.UNSUPPORTED_OPERATION, "Model " + id + " (" + family.type()
					+ ") does not support '" + capability + "'; it supports " + family.capabilities(spec.model()));
		}
		if (this.checkpoints.latest(id).isEmpty()) {
			throw new ApiException(ProblemType.CONFLICT,
					"Model " + id + " has no checkpoint yet; it can serve after its first checkpoint (job status "
							+ job.getStatus() + ")");
		}
		String fallback = family.qualityMetric(spec.model()) != null ? "best" : "latest";
		return new Selected(job, spec, family, this.checkpoints.resolve(id, checkpointSelector, fallback));
	}

	/**
	 * The shape of the data the selected checkpoint was trained on, read from its
	 * manifest.
	 */
	public CheckpointManifest.DatasetRef dataset(Selected selected) {
		// a checkpoint never changes: read its manifest once, not on every request
		return this.datasets.computeIfAbsent(selected.checkpoint().getId(),
				(id) -> CheckpointFiles.readManifest(this.checkpoints.directory(selected.checkpoint()), this.json)
					.dataset());
	}

	public ModelCache.Lease lease(Selected selected) {
		return this.cache.lease(selected.checkpoint());
	}

	public Receipt receipt(Selected selected, ModelCache.Lease lease, Long seed) {
		return new Receipt(selected.job().getId(), selected.checkpoint().getId(), selected.checkpoint().getSha256(),
				selected.checkpoint().getStep(), seed, lease.device(), EngineInfo.threads(), this.inference.batchSize(),
				EngineInfo.djlVersion(), EngineInfo.pytorchVersion());
	}

	public ModelFamilies families() {
		return this.families;
	}

	public InferenceExecutor inference() {
		return this.inference;
	}

	public int maxImages() {
		return this.properties.maxImages();
	}

	static String exportName(Selected selected) {
		return "model-" + selected.job().getId() + "-step" + selected.checkpoint().getStep();
	}

}
