package dev.latentforge.models;

import ai.djl.ndarray.NDArray;

/**
 * The operation of a model that maps latent vectors (and, for a conditional model,
 * conditions) to new examples: a GAN's generator, a VAE's decoder applied to draws from
 * its prior. The service draws the latent vectors itself from a seeded generator, so a
 * generation can be replayed; the model only maps them. Every row's result depends only
 * on that row.
 */
public interface Generating {

	/** The length of one latent vector. */
	int latentSize();

	/**
	 * What a conditional model can be asked for and how conditions are encoded;
	 * {@link ConditionVocabulary#NONE} for an unconditional model.
	 */
	default ConditionVocabulary vocabulary() {
		return ConditionVocabulary.NONE;
	}

	/**
	 * Maps latent vectors to examples.
	 * @param latents float32 [B, latentSize] drawn from the model's prior (standard
	 * normal)
	 * @param conditions float32 [B, vocabulary().size()] encoded conditions, or
	 * {@code null} for an unconditional model
	 * @return float32 [B, C, H, W] images in [0, 1], or [B, d] points in the data's units
	 */
	NDArray generate(NDArray latents, NDArray conditions);

}
