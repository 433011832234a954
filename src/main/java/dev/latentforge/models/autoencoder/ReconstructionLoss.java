package dev.latentforge.models.autoencoder;

import ai.djl.ndarray.NDArray;

/**
 * The reconstruction objectives, averaged over pixels and examples.
 * <ul>
 * <li>Squared L2 (the Gaussian decoder): {@code mean((x̂ − x)²)}.</li>
 * <li>Cross-entropy (the Bernoulli decoder, Bengio et al. 2007):
 * {@code mean(−x log σ(l) − (1 − x)
 * log(1 − σ(l)))}, computed from the logits l in the stable form {@code max(l, 0) − l·x +
 * log(1 + e^{−|l|})}.</li>
 * </ul>
 */
final class ReconstructionLoss {

	private ReconstructionLoss() {
	}

	static NDArray meanSquaredError(NDArray reconstruction, NDArray target) {
		return reconstruction.sub(target).square().mean();
	}

	static NDArray binaryCrossEntropyWithLogits(NDArray logits, NDArray target) {
		return logits.maximum(0f).sub(logits.mul(target)).add(logits.abs().neg().exp().add(1f).log()).mean();
	}

}
