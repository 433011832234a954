package dev.latentforge.models;

/**
 * A reference from a job's spec to a checkpoint of another trained model (for example a
 * pretrained encoder).
 *
 * @param field the spec field that holds it, from the job's root
 * ({@code model.pretrainedEncoder})
 * @param modelId the referenced model (job) id
 * @param checkpoint {@code best}, {@code latest} or a checkpoint id; a resolved spec
 * holds the checkpoint id
 */
public record ModelReference(String field, String modelId, String checkpoint) {
}
