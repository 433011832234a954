package dev.latentforge.models;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.latentforge.engine.Rng;

/**
 * A corruption process C(x̃ | x) for inputs in [0, 1], as a denoising autoencoder is
 * trained with (the lecture's "Denoising Autoencoder") and as its sampling chain
 * alternates with the decoder:
 * <ul>
 * <li>{@code gaussian}: x̃ = clip(x + σ·ε, 0, 1), ε ~ N(0, I);</li>
 * <li>{@code masking}: each value is set to 0 with probability {@code fraction};</li>
 * <li>{@code salt-and-pepper}: each value is replaced with probability {@code fraction},
 * by 0 or 1 with equal probability.</li>
 * </ul>
 * The noise comes from an {@link Rng} keyed by step and stream, so a corruption is
 * reproducible.
 *
 * @param type {@code gaussian}, {@code masking} or {@code salt-and-pepper}
 * @param sigma the noise's standard deviation ({@code gaussian} only)
 * @param fraction the share of values corrupted ({@code masking} and
 * {@code salt-and-pepper} only)
 */
public record Corruption(String type, Double sigma, Double fraction) {

	public static final String GAUSSIAN = "gaussian";

	public static final String MASKING = "masking";

	public static final String SALT_AND_PEPPER = "salt-and-pepper";

	/**
	 * The problem with this corruption's settings, or {@code null} when they are valid.
	 */
	public String problem() {
		if (this.type == null) {
			return "type is required: gaussian, masking or salt-and-pepper";
		}
		return switch (this.type) {
			case GAUSSIAN -> (this.sigma == null || !(this.sigma > 0) || this.sigma > 10)
					? "gaussian corruption needs sigma in (0, 10]"
					: (this.fraction != null) ? "fraction applies to masking and salt-and-pepper, not gaussian" : null;
			case MASKING,
					SALT_AND_PEPPER ->
				(this.fraction == null || !(this.fraction > 0) || !(this.fraction < 1))
						? this.type + " corruption needs fraction in (0, 1)"
						: (this.sigma != null) ? "sigma applies to gaussian corruption only" : null;
			default -> "unknown corruption type '" + this.type + "'; use gaussian, masking or salt-and-pepper";
		};
	}

	/**
	 * Corrupts a batch.
	 * @param clean float32 values in [0, 1], any shape
	 * @param rng the random numbers
	 * @param step the step (key of the draws)
	 * @param stream the stream name (key of the draws)
	 * @return the corrupted batch, in {@code clean}'s manager
	 */
	public NDArray apply(NDArray clean, Rng rng, long step, String stream) {
		NDManager manager = clean.getManager();
		int n = Math.toIntExact(clean.size());
		SplittableRandom random = rng.at(step, stream);
		float[] values = clean.toFloatArray();
		float[] out = new float[n];
		switch (this.type) {
			case GAUSSIAN -> {
				for (int i = 0; i < n; i++) {
					float v = values[i] + (float) (random.nextGaussian() * this.sigma);
					out[i] = Math.max(0f, Math.min(1f, v));
				}
			}
			case MASKING -> {
				for (int i = 0; i < n; i++) {
					out[i] = (random.nextDouble() < this.fraction) ? 0f : values[i];
				}
			}
			case SALT_AND_PEPPER -> {
				for (int i = 0; i < n; i++) {
					boolean hit = random.nextDouble() < this.fraction;
					boolean salt = random.nextBoolean();
					out[i] = hit ? (salt ? 1f : 0f) : values[i];
				}
			}
			default -> throw new IllegalStateException(problem());
		}
		return manager.create(out, clean.getShape());
	}

}
