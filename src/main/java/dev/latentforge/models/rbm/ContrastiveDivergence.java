package dev.latentforge.models.rbm;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;

/**
 * The contrastive-divergence estimate of an RBM's log-likelihood gradient for one
 * mini-batch (the lecture's algorithm; Hinton, "A Practical Guide to Training Restricted
 * Boltzmann Machines", 2010), CD-k or persistent CD (Tieleman 2008).
 *
 * <p>
 * Exactly what is a probability and what is a sample:
 * <ol>
 * <li>positive phase: the data v⁰ and the hidden <b>probabilities</b> p⁰ = p(h = 1 | v⁰);
 * the positive statistics are v⁰ᵀp⁰, v⁰ and p⁰;</li>
 * <li>the chain is driven by <b>sampled</b> binary hidden states: h⁰ ~ Bernoulli(p⁰) for
 * CD, or the persistent chains' hidden states for PCD;</li>
 * <li>each of the k Gibbs steps samples the visible states vᵗ from p(v | hᵗ⁻¹) (binary,
 * or Gaussian with unit variance) and computes pᵗ = p(h = 1 | vᵗ); steps before the last
 * sample hᵗ ~ Bernoulli(pᵗ);</li>
 * <li>the last step uses the hidden <b>probabilities</b> pᵏ, not a sample: the negative
 * statistics are vᵏᵀpᵏ, vᵏ and pᵏ;</li>
 * <li>for PCD the chains keep hᵏ ~ Bernoulli(pᵏ) for the next update.</li>
 * </ol>
 * The estimate ΔW = (v⁰ᵀp⁰ − vᵏᵀpᵏ) / B, Δb = mean(v⁰ − vᵏ), Δc = mean(p⁰ − pᵏ) is the
 * ascent direction; the gradients returned are its negatives (plus weight decay on W),
 * for an optimizer that minimises.
 */
final class ContrastiveDivergence {

	private ContrastiveDivergence() {
	}

	/**
	 * The result of one estimate.
	 *
	 * @param gradients the gradients to descend, by parameter name
	 * @param chains the hidden states the chains end in (the next PCD state)
	 * @param reconstructionError the mean over the batch of Σ_i (v⁰_i − E[v_i | h⁰])²
	 */
	record Estimate(Map<String, NDArray> gradients, NDArray chains, double reconstructionError) {
	}

	/**
	 * Estimates the gradient for a batch.
	 * @param rbm the model
	 * @param data v⁰, [B, V]
	 * @param k Gibbs steps
	 * @param persistent the PCD chains' hidden states [B', H], or {@code null} for CD
	 * @param weightDecay L2 weight decay on W (not on the biases)
	 * @param noise the step's random numbers
	 */
	static Estimate estimate(Rbm rbm, NDArray data, int k, NDArray persistent, double weightDecay, Noise noise) {
		long batch = data.getShape().get(0);
		NDArray positiveHidden = rbm.hiddenProbabilities(data); // p⁰ [B, H]
		NDArray dataHidden = noise.bernoulli(positiveHidden, "h0"); // h⁰ [B, H]
		NDArray reconstruction = rbm.visibleMeans(dataHidden); // E[v | h⁰] [B, V]
		double error = data.sub(reconstruction).square().sum().getFloat() / batch;
		NDArray hidden = persistent != null ? persistent : dataHidden;
		NDArray visible = null;
		NDArray negativeHidden = null;
		for (int t = 1; t <= k; t++) {
			NDArray means = t == 1 && persistent == null ? reconstruction : rbm.visibleMeans(hidden);
			visible = rbm.sampleVisible(means, noise, "v" + t); // vᵗ
			negativeHidden = rbm.hiddenProbabilities(visible); // pᵗ
			if (t < k) {
				hidden = noise.bernoulli(negativeHidden, "h" + t);
			}
		}
		long chains = visible.getShape().get(0);
		NDArray gradW = visible.transpose()
			.matMul(negativeHidden)
			.divi(chains)
			.subi(data.transpose().matMul(positiveHidden).divi(batch));
		if (weightDecay > 0) {
			gradW.addi(rbm.w().mul((float) weightDecay));
		}
		NDArray gradB = visible.mean(new int[] { 0 }).subi(data.mean(new int[] { 0 }));
		NDArray gradC = negativeHidden.mean(new int[] { 0 }).subi(positiveHidden.mean(new int[] { 0 }));
		Map<String, NDArray> gradients = new LinkedHashMap<>();
		gradients.put(rbm.prefix() + "weight", gradW);
		gradients.put(rbm.prefix() + "visible_bias", gradB);
		gradients.put(rbm.prefix() + "hidden_bias", gradC);
		NDArray next = persistent != null ? noise.bernoulli(negativeHidden, "h" + k) : null;
		return new Estimate(gradients, next, error);
	}

}
