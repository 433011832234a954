package dev.latentforge.models;

import java.util.List;
import java.util.Map;

import dev.latentforge.checkpoints.CheckpointManifest;

/**
 * A model spec that refers to checkpoints of other models. At submission the service
 * checks that the caller may see each referenced model, resolves the checkpoint selector
 * to a checkpoint id, pins that checkpoint against retention while the job exists, and
 * lets the spec check and record what it found; the worker then receives each
 * checkpoint's directory ({@link TrainingSession#inputs()}, keyed by field).
 */
public interface ReferencingSpec extends ModelSpec {

	/** The references, with their fields. */
	List<ModelReference> references();

	/**
	 * This spec with its references resolved.
	 * @param resolved each reference's resolution, by field
	 * @return the spec holding checkpoint ids, with anything it copies from the
	 * referenced models filled in
	 * @throws dev.latentforge.web.ApiException 400 when a referenced model does not fit
	 */
	ModelSpec withReferences(Map<String, Resolved> resolved);

	/**
	 * What a reference points to.
	 *
	 * @param modelId the model id
	 * @param checkpointId the checkpoint id
	 * @param family the referenced model's family
	 * @param spec the referenced model's resolved job spec
	 * @param dataset the data the checkpoint was trained on (its shape)
	 */
	record Resolved(String modelId, String checkpointId, String family, JobSpec spec,
			CheckpointManifest.DatasetRef dataset) {
	}

}
