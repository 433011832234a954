package dev.latentforge.models.autoencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.latentforge.models.Generating;

/**
 * A trained VAE: besides encoding (to μ) and reconstructing, it maps draws from its prior
 * N(0, I) through the decoder to images in [0, 1] (the decoder's mean: Bernoulli
 * probabilities, or the Gaussian's mean).
 */
final class VariationalAutoencoderModel extends AutoencoderModel implements Generating {

	private final int channels;

	private final int height;

	private final int width;

	VariationalAutoencoderModel(AutoencoderSpec spec, Network network, NDManager manager, int channels, int height,
			int width) {
		super(spec, network, manager);
		this.channels = channels;
		this.height = height;
		this.width = width;
	}

	@Override
	public NDArray generate(NDArray latents, NDArray conditions) {
		if (conditions != null) {
			throw new IllegalArgumentException("a VAE is unconditional");
		}
		// [B, code] -> [B, D] in [0, 1] -> [B, C, H, W]
		return decode(latents).clip(0f, 1f).reshape(latents.getShape().get(0), this.channels, this.height, this.width);
	}

}
