package dev.latentforge.jobs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.checkpoints.CheckpointPins;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelReference;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.ReferencingSpec;
import dev.latentforge.security.Caller;
import dev.latentforge.security.Callers;
import dev.latentforge.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Resolves the references of a spec to other models' checkpoints
 * ({@link ReferencingSpec}) at submission, records them with the job, pins the referenced
 * checkpoints against retention while the referring job exists, and finds their
 * directories for a worker.
 */
@Component
public class ModelReferences implements CheckpointPins {

	private final TrainingJobRepository jobs;

	private final CheckpointService checkpoints;

	private final CheckpointReferenceRepository references;

	private final JsonMapper json;

	ModelReferences(TrainingJobRepository jobs, CheckpointService checkpoints, CheckpointReferenceRepository references,
			JsonMapper json) {
		this.jobs = jobs;
		this.checkpoints = checkpoints;
		this.references = references;
		this.json = json;
	}

	/**
	 * Resolves a spec's references for the current caller: an unknown model or another
	 * owner's answers 404, as does an unknown checkpoint; a model without checkpoints
	 * answers 400.
	 * @param model the spec
	 * @return the spec with its references resolved (the spec itself when it refers to
	 * nothing)
	 */
	ModelSpec resolve(ModelSpec model, dev.latentforge.datasets.DatasetInfo dataset) {
		if (!(model instanceof ReferencingSpec referencing)) {
			return model;
		}
		Caller caller = Callers.current();
		Map<String, ReferencingSpec.Resolved> resolved = new LinkedHashMap<>();
		for (ModelReference reference : referencing.references()) {
			if (reference.modelId() == null || reference.modelId().isBlank()) {
				throw ApiException.invalid(reference.field() + ".modelId", "is required");
			}
			TrainingJob job = this.jobs.findById(reference.modelId())
				.filter((found) -> caller.sees(found.getOwner()))
				.orElseThrow(() -> ApiException.notFound("model", reference.modelId())
					.with("field", reference.field() + ".modelId"));
			if (this.checkpoints.latest(job.getId()).isEmpty()) {
				throw ApiException.invalid(reference.field() + ".modelId",
						"model " + job.getId() + " has no checkpoint yet (status " + job.getStatus() + ")");
			}
			Checkpoint checkpoint = this.checkpoints.resolve(job.getId(), reference.checkpoint(), "best");
			CheckpointManifest manifest = CheckpointFiles.readManifest(this.checkpoints.directory(checkpoint),
					this.json);
			CheckpointManifest.DatasetRef trained = manifest.dataset();
			if (trained.channels() != dataset.channels() || trained.height() != dataset.height()
					|| trained.width() != dataset.width()) {
				throw ApiException.invalid(reference.field() + ".modelId",
						"model " + job.getId() + " was trained on " + trained.channels() + "x" + trained.height() + "x"
								+ trained.width() + " examples; data set '" + dataset.id() + "' has "
								+ dataset.channels() + "x" + dataset.height() + "x" + dataset.width());
			}
			resolved.put(reference.field(), new ReferencingSpec.Resolved(job.getId(), checkpoint.getId(),
					job.getFamily(), this.json.readValue(job.getSpec(), JobSpec.class), manifest.dataset()));
		}
		return referencing.withReferences(resolved);
	}

	/** Records a new job's references (in the submitting transaction). */
	void record(String jobId, ModelSpec model) {
		if (model instanceof ReferencingSpec referencing) {
			for (ModelReference reference : referencing.references()) {
				this.references.save(
						new CheckpointReference(jobId, reference.field(), reference.modelId(), reference.checkpoint()));
			}
		}
	}

	/**
	 * The directories of a spec's referenced checkpoints, by field.
	 * @throws ApiException 404 when a referenced checkpoint is gone (its model was
	 * deleted)
	 */
	public Map<String, String> directories(ModelSpec model) {
		Map<String, String> out = new LinkedHashMap<>();
		if (model instanceof ReferencingSpec referencing) {
			for (ModelReference reference : referencing.references()) {
				Checkpoint checkpoint = this.checkpoints.resolve(reference.modelId(), reference.checkpoint(), "best");
				Path dir = this.checkpoints.directory(checkpoint).toAbsolutePath();
				out.put(reference.field(), dir.toString());
			}
		}
		return out;
	}

	@Override
	public Set<String> pinned(String jobId) {
		List<CheckpointReference> found = this.references.findByReferencedJobId(jobId);
		return found.stream().map(CheckpointReference::getCheckpointId).collect(Collectors.toSet());
	}

}
