package dev.latentforge.models.autoencoder;

import ai.djl.ndarray.NDArray;

/**
 * The sparse autoencoder's penalty β Σ_j KL(ρ ‖ ρ̂_j) (Ng, "Sparse autoencoder", CS294A
 * lecture notes, 2011), with KL(ρ ‖ ρ̂) = ρ log(ρ/ρ̂) + (1 − ρ) log((1 − ρ)/(1 − ρ̂)),
 * the divergence between Bernoulli variables of means ρ and ρ̂.
 *
 * <p>
 * The lecture defines ρ̂_j as unit j's average activation over the whole data set. A
 * mini-batch gives a noisy estimate of it, so the trainer keeps a running average across
 * batches: ρ̂ = λ·ρ̂_prev + (1 − λ)·mean_batch(h_j), where ρ̂_prev is the previous
 * estimate, held constant. The gradient flows through the current batch's part only:
 * ∂penalty/∂h_ij = (1 − λ)/B · β · (−ρ/ρ̂_j + (1 − ρ)/(1 − ρ̂_j)). The first batch (no
 * previous estimate) uses its own mean, with the full gradient 1/B.
 */
final class SparsityPenalty {

	private static final float EPSILON = 1e-6f;

	private SparsityPenalty() {
	}

	/**
	 * The penalty and the new estimate.
	 *
	 * @param penalty β Σ_j KL(ρ ‖ ρ̂_j), a scalar
	 * @param estimate ρ̂, [code]
	 */
	record Result(NDArray penalty, NDArray estimate) {
	}

	/**
	 * @param codes [B, code] activations in (0, 1)
	 * @param previous the previous estimate ρ̂_prev [code], or {@code null}
	 * @param sparsity ρ, β and λ
	 */
	static Result of(NDArray codes, float[] previous, AutoencoderSpec.Sparsity sparsity) {
		long batch = codes.getShape().get(0);
		NDArray batchMean = codes.sum(new int[] { 0 }).div(batch); // [code]
		NDArray estimate = batchMean;
		if (previous != null) {
			float lambda = sparsity.momentum().floatValue();
			estimate = batchMean.mul(1f - lambda).add(codes.getManager().create(previous).mul(lambda));
		}
		float rho = sparsity.rho().floatValue();
		NDArray safe = estimate.clip(EPSILON, 1f - EPSILON);
		NDArray kl = safe.pow(-1f)
			.mul(rho)
			.log()
			.mul(rho)
			.add(safe.neg().add(1f).pow(-1f).mul(1f - rho).log().mul(1f - rho)); // [code]
		return new Result(kl.sum().mul(sparsity.beta().floatValue()), estimate);
	}

}
