package dev.latentforge.models.rbm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Deterministic measures of an RBM on data (rows of visible values): reconstruction
 * error, pseudo-log-likelihood, mean free energy and, given log Z, the mean
 * log-probability. All are means over the rows, in nats where they are log-probabilities.
 */
final class RbmMetrics {

	private static final long PLL_CHUNK_ELEMENTS = 4_000_000;

	private RbmMetrics() {
	}

	/**
	 * The mean over rows of Σ_i (v_i − E[v_i | h = p(h | v)])²: the mean-field
	 * reconstruction error, without sampling so that it is comparable across checkpoints.
	 */
	static double reconstructionError(Rbm rbm, NDArray v) {
		try (NDScope scope = new NDScope()) {
			NDArray reconstruction = rbm.visibleMeans(rbm.hiddenProbabilities(v));
			return v.sub(reconstruction).square().sum().getFloat() / v.getShape().get(0);
		}
	}

	/** The mean free energy F(v) over rows. */
	static double meanFreeEnergy(Rbm rbm, NDArray v) {
		try (NDScope scope = new NDScope()) {
			return rbm.freeEnergy(v).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).mean().getDouble();
		}
	}

	/**
	 * The mean over rows of the pseudo-log-likelihood Σ_i log p(v_i | v_{−i}) of binary
	 * rows, every pixel included (not the one-random-pixel estimate): log p(v_i | v_{−i})
	 * = log σ(F(ṽ⁽ⁱ⁾) − F(v)), ṽ⁽ⁱ⁾ being v with pixel i flipped, and F(ṽ⁽ⁱ⁾) − F(v) =
	 * −s_i b_i − Σ_j [softplus(a_j + s_i W_ij) − softplus(a_j)] with a = c + vW and s_i =
	 * 1 − 2v_i.
	 */
	static double pseudoLogLikelihood(Rbm rbm, NDArray v) {
		int rows = Math.toIntExact(v.getShape().get(0));
		int visible = rbm.visibleUnits();
		int hidden = rbm.hiddenUnits();
		int chunk = (int) Math.max(1, Math.min(rows, PLL_CHUNK_ELEMENTS / ((long) visible * hidden)));
		double total = 0;
		NDArray w = rbm.w().expandDims(0); // [1, V, H]
		for (int start = 0; start < rows; start += chunk) {
			int end = Math.min(rows, start + chunk);
			try (NDScope scope = new NDScope()) {
				NDArray x = v.get(start + ":" + end); // [n, V]
				NDArray a = rbm.hiddenInput(x); // [n, H]
				NDArray s = x.mul(-2f).addi(1f); // [n, V]
				NDArray flipped = a.expandDims(1).add(s.expandDims(2).mul(w)); // [n, V,
																				// H]
				NDArray hiddenChange = Rbm.softplus(flipped)
					.sum(new int[] { 2 })
					.subi(Rbm.softplus(a).sum(new int[] { 1 }).expandDims(1)); // [n, V]
				NDArray gap = s.mul(rbm.b()).addi(hiddenChange).neg(); // F(ṽ) − F(v), [n,
																		// V]
				// log σ(g) = −softplus(−g)
				total -= Rbm.softplus(gap.neg()).sum().getFloat();
			}
		}
		return total / rows;
	}

	/** The mean log-probability mean(−F(v)) − log Z. */
	static double logLikelihood(Rbm rbm, NDArray v, double logZ) {
		return -meanFreeEnergy(rbm, v) - logZ;
	}

	/**
	 * The variational lower bound of a DBN's mean log-probability (Salakhutdinov &amp;
	 * Murray 2008, Eq. 14; Hinton et al. 2006): with h₀ = v and h_l ~ q(h_l | h_{l−1})
	 * sampled up through the layers below the top RBM, {@code log p(v) ≥ E_q[Σ_{l<L} log
	 * p(h_{l−1} | h_l) − log q(h_l | h_{l−1}) − F_top(h_{L−1})] − log Z_top}, estimated
	 * with {@code samples} draws per row. For a single RBM this is its exact
	 * log-probability.
	 * @return the bound without its − log Z_top term
	 */
	static double boundWithoutLogZ(java.util.List<Rbm> stack, NDArray v, int samples, Noise noise) {
		int layers = stack.size();
		Rbm top = stack.get(layers - 1);
		if (layers == 1) {
			return -meanFreeEnergy(top, v);
		}
		double total = 0;
		for (int s = 0; s < samples; s++) {
			try (NDScope scope = new NDScope()) {
				NDArray below = v;
				NDArray sum = v.getManager().zeros(new Shape(v.getShape().get(0)));
				for (int l = 0; l < layers - 1; l++) {
					Rbm rbm = stack.get(l);
					NDArray q = rbm.hiddenInput(below); // logits of q(h_l | h_{l−1})
					NDArray h = noise.bernoulli(Activation.sigmoid(q), "bound" + s + "/" + l);
					// log q(h | below) = Σ h q − softplus(q)
					sum.subi(h.mul(q).subi(Rbm.softplus(q)).sum(new int[] { 1 }));
					// log p(below | h) = Σ below a − softplus(a), a = b + hWᵀ
					NDArray a = h.matMul(rbm.w().transpose()).addi(rbm.b());
					sum.addi(below.mul(a).subi(Rbm.softplus(a)).sum(new int[] { 1 }));
					below = h;
				}
				sum.subi(top.freeEnergy(below));
				total += sum.mean().getFloat();
			}
		}
		return total / samples;
	}

}
