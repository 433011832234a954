package dev.latentforge.models.gan;

import ai.djl.ndarray.NDArray;

/**
 * The players' objectives as functions of D's outputs, each averaged over the batch. With
 * logits l and σ(l) = D(x), the binary cross-entropy against a target t is softplus(l) −
 * t·l, which stays finite where log σ(l) would underflow.
 */
final class GanLosses {

	private GanLosses() {
	}

	/** softplus(x) = log(1 + eˣ), computed stably as max(x, 0) + log(1 + e^−|x|). */
	static NDArray softplus(NDArray x) {
		return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
	}

	/**
	 * D's loss of the minimax game (Goodfellow et al. 2014, eq. 1), maximising log D(x) +
	 * log(1 − D(G(z))): mean BCE(l_real, t) + mean BCE(l_fake, 0) with t = 1, or t = 0.9
	 * under one-sided label smoothing (Salimans et al. 2016: smoothing only the real side
	 * keeps D from rewarding fakes where p_data is small).
	 * @param realLogits D's logits on real examples [B, 1]
	 * @param fakeLogits D's logits on fakes [B', 1]
	 * @param realTarget 1, or the smoothed target
	 */
	static NDArray discriminator(NDArray realLogits, NDArray fakeLogits, float realTarget) {
		NDArray real = softplus(realLogits).sub(realLogits.mul(realTarget)).mean();
		NDArray fake = softplus(fakeLogits).mean();
		return real.add(fake);
	}

	/**
	 * G's minimax loss: mean log(1 − D(G(z))) = mean −softplus(l_fake), minimised. It
	 * saturates when D rejects fakes confidently, the reason for the non-saturating loss.
	 */
	static NDArray minimax(NDArray fakeLogits) {
		return softplus(fakeLogits).neg().mean();
	}

	/** G's non-saturating loss: −mean log D(G(z)) = mean softplus(−l_fake). */
	static NDArray nonSaturating(NDArray fakeLogits) {
		return softplus(fakeLogits.neg()).mean();
	}

	/**
	 * Feature matching (Salimans et al. 2016): ‖mean f(x) − mean f(G(z))‖², the squared
	 * L2 norm of the difference of a D stage's batch-mean activations; the real side is a
	 * constant for G.
	 * @param realFeatures [B, ...] D's stage on real examples (detached)
	 * @param fakeFeatures [B', ...] the same stage on fakes
	 */
	static NDArray featureMatching(NDArray realFeatures, NDArray fakeFeatures) {
		long b = realFeatures.getShape().get(0);
		long bf = fakeFeatures.getShape().get(0);
		NDArray realMean = realFeatures.reshape(b, -1).sum(new int[] { 0 }).div(b);
		NDArray fakeMean = fakeFeatures.reshape(bf, -1).sum(new int[] { 0 }).div(bf);
		return realMean.sub(fakeMean).square().sum();
	}

	/**
	 * The auxiliary classifier's loss (Odena et al. 2017, AC-GAN): the mean cross-entropy
	 * −log softmax(l)_y of class logits against the labels, over the rows that state a
	 * label. The labels are the conditions' first L entries, one-hot; a row whose label
	 * was dropped (all zeros) adds nothing and is not counted.
	 * @param logits the auxiliary head's logits [B, L]
	 * @param conditions the encoded conditions [B, K ≥ L]
	 */
	static NDArray auxiliaryClassifier(NDArray logits, NDArray conditions) {
		long labels = logits.getShape().get(1);
		NDArray target = conditions.get(":, 0:" + labels); // [B, L]
		NDArray perRow = target.mul(logits.logSoftmax(1)).sum(new int[] { 1 }).neg(); // [B]
		return perRow.sum().div(target.sum().maximum(1f));
	}

	/**
	 * The Wasserstein critic's loss (Arjovsky et al. 2017): mean C(G(z)) − mean C(x), so
	 * that minimising it maximises the critic's estimate of W1.
	 */
	static NDArray critic(NDArray realScores, NDArray fakeScores) {
		return fakeScores.mean().sub(realScores.mean());
	}

	/** G's Wasserstein loss: −mean C(G(z)). */
	static NDArray wassersteinGenerator(NDArray fakeScores) {
		return fakeScores.mean().neg();
	}

	/**
	 * The gradient penalty of WGAN-GP (Gulrajani et al. 2017, eq. 3): λ · mean over the
	 * batch of (‖∇ₓ̂ C(x̂)‖₂ − 1)², where x̂ = εx + (1 − ε)G(z) with ε ~ U[0, 1] per
	 * example. A 1-Lipschitz critic has gradient norm at most 1 everywhere and norm 1 on
	 * the lines between optimally coupled points, so this two-sided penalty replaces
	 * weight clipping. The norm is √(Σ g² + 1e−12): the tiny constant keeps √'s
	 * derivative finite where a gradient vanishes exactly (the paper's code has none; it
	 * changes the norm by at most 1e−6).
	 * @param inputGradient ∇ₓ̂ C(x̂), one row per example [B, ...], differentiable with
	 * respect to the critic's parameters (see {@code engine.InputGradients})
	 * @param lambda the penalty weight λ (10 in the paper)
	 */
	static NDArray gradientPenalty(NDArray inputGradient, double lambda) {
		long b = inputGradient.getShape().get(0);
		NDArray norms = inputGradient.reshape(b, -1).square().sum(new int[] { 1 }).add(1e-12f).sqrt(); // [B]
		return norms.sub(1f).square().mean().mul((float) lambda);
	}

}
