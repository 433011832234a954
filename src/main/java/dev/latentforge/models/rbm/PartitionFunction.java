package dev.latentforge.models.rbm;

import java.util.function.DoubleConsumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.latentforge.engine.Rng;

/**
 * The log partition function log Z of an RBM: exactly, by enumerating the configurations
 * of its smaller layer and summing the other out analytically, or estimated by annealed
 * importance sampling (Neal 2001; Salakhutdinov &amp; Murray, "On the quantitative
 * analysis of deep belief networks", ICML 2008).
 */
final class PartitionFunction {

	private static final double LOG_2PI = Math.log(2 * Math.PI);

	private static final int CHUNK = 4096;

	private PartitionFunction() {
	}

	/**
	 * An estimate of log Z.
	 *
	 * @param method {@code exact} or {@code ais}
	 * @param logZ the estimate
	 * @param lower log(Ẑ − 3σ̂), or −∞ when Ẑ − 3σ̂ ≤ 0 (exact: logZ)
	 * @param upper log(Ẑ + 3σ̂) (exact: logZ)
	 * @param runs AIS runs (0 for exact)
	 * @param temperatures AIS intermediate distributions (0 for exact)
	 */
	record Estimate(String method, double logZ, double lower, double upper, int runs, int temperatures) {

		static Estimate exact(double logZ) {
			return new Estimate("exact", logZ, logZ, logZ, 0, 0);
		}

	}

	/**
	 * log Z by enumeration: over hidden configurations when H ≤ V (and always for
	 * Gaussian visible units), otherwise over visible ones. Cost 2^min(V, H) rows.
	 */
	static Estimate exact(Rbm rbm, NDManager parent) {
		boolean overHidden = rbm.visible() == Rbm.Visible.GAUSSIAN || rbm.hiddenUnits() <= rbm.visibleUnits();
		int bits = overHidden ? rbm.hiddenUnits() : rbm.visibleUnits();
		if (bits > 30) {
			throw new IllegalArgumentException("cannot enumerate 2^" + bits + " configurations");
		}
		long count = 1L << bits;
		double max = Double.NEGATIVE_INFINITY;
		double sum = 0;
		try (NDManager manager = parent.newSubManager(); NDScope outer = new NDScope()) {
			NDArray w = rbm.w().toType(DataType.FLOAT64, true);
			NDArray b = rbm.b().toType(DataType.FLOAT64, true);
			NDArray c = rbm.c().toType(DataType.FLOAT64, true);
			for (long start = 0; start < count; start += CHUNK) {
				int n = (int) Math.min(CHUNK, count - start);
				try (NDScope scope = new NDScope()) {
					NDArray configs = manager.create(configurations(start, n, bits), new Shape(n, bits));
					NDArray terms;
					if (overHidden && rbm.visible() == Rbm.Visible.GAUSSIAN) {
						// ∫ exp(−½‖v − b‖² + vᵀWh) dv = (2π)^{V/2} exp(½‖b + Wh‖² −
						// ½‖b‖²)
						NDArray mean = configs.matMul(w.transpose()).addi(b); // [n, V]
						terms = configs.matMul(c.reshape(-1, 1))
							.reshape(-1)
							.addi(mean.square().sum(new int[] { 1 }).mul(0.5));
					}
					else if (overHidden) {
						NDArray input = configs.matMul(w.transpose()).addi(b); // [n, V]
						terms = configs.matMul(c.reshape(-1, 1)).reshape(-1).addi(sumSoftplus(input));
					}
					else {
						NDArray input = configs.matMul(w).addi(c); // [n, H]
						terms = configs.matMul(b.reshape(-1, 1)).reshape(-1).addi(sumSoftplus(input));
					}
					double[] values = terms.toDoubleArray();
					for (double value : values) {
						if (value > max) {
							sum = sum * Math.exp(max - value) + 1;
							max = value;
						}
						else {
							sum += Math.exp(value - max);
						}
					}
				}
			}
		}
		double logZ = max + Math.log(sum);
		if (rbm.visible() == Rbm.Visible.GAUSSIAN) {
			double bb = 0;
			for (float value : rbm.b().toFloatArray()) {
				bb += (double) value * value;
			}
			logZ += 0.5 * rbm.visibleUnits() * LOG_2PI - 0.5 * bb;
		}
		return Estimate.exact(logZ);
	}

	private static NDArray sumSoftplus(NDArray x) {
		return Rbm.softplus(x).sum(new int[] { 1 });
	}

	/** Rows start..start+n−1 as bit vectors (bit j of the row index is unit j). */
	static double[] configurations(long start, int n, int bits) {
		double[] out = new double[n * bits];
		for (int row = 0; row < n; row++) {
			long index = start + row;
			for (int j = 0; j < bits; j++) {
				out[row * bits + j] = (index >> j) & 1;
			}
		}
		return out;
	}

	/**
	 * Salakhutdinov &amp; Murray's schedule scaled to {@code temperatures} intermediate
	 * distributions: β spaced uniformly over [0, 0.5], [0.5, 0.9] and [0.9, 1] in the
	 * proportions 500 : 4,000 : 10,000 (their 14,500).
	 * @return K + 1 values from β₀ = 0 to β_K = 1
	 */
	static double[] schedule(int temperatures) {
		int first = Math.max(1, (int) Math.round(temperatures * 500.0 / 14_500));
		int second = Math.max(1, (int) Math.round(temperatures * 4_000.0 / 14_500));
		int third = Math.max(1, temperatures - first - second);
		double[] betas = new double[first + second + third + 1];
		int index = 0;
		for (int i = 0; i < first; i++) {
			betas[index++] = 0.5 * i / first;
		}
		for (int i = 0; i < second; i++) {
			betas[index++] = 0.5 + 0.4 * i / second;
		}
		for (int i = 0; i < third; i++) {
			betas[index++] = 0.9 + 0.1 * i / third;
		}
		betas[index] = 1.0;
		return betas;
	}

	/**
	 * Estimates log Z of a Bernoulli–Bernoulli RBM by AIS from a base-rate model: the
	 * visible units independent with the given biases (fitted to the data), no weights.
	 * Intermediate distributions p_k(v) ∝ exp(((1−β_k) b_A + β_k b)ᵀv) Π_j (1 + exp(β_k
	 * (c_j + (vW)_j))); each transition samples h then v at β_k. Every run's log weight
	 * sums log p*_k(v_{k−1}) − log p*_{k−1}(v_{k−1}); Ẑ = Z_0 · mean(w), with Z_0 = 2^H
	 * Π_i (1 + exp(b_A,i)), and the error bar is Ẑ ± 3σ̂, σ̂ the standard error of the
	 * mean weight, as Salakhutdinov &amp; Murray report it.
	 * @param rbm the model
	 * @param baseBias the base-rate model's visible biases, log(p̄ / (1 − p̄)), [V]
	 * @param runs parallel AIS runs
	 * @param temperatures intermediate distributions
	 * @param rng random numbers
	 * @param step the key of every draw
	 * @param progress receives the fraction done
	 */
	static Estimate ais(Rbm rbm, float[] baseBias, int runs, int temperatures, Rng rng, long step, NDManager parent,
			DoubleConsumer progress) {
		if (rbm.visible() != Rbm.Visible.BERNOULLI) {
			throw new IllegalArgumentException("AIS is implemented for Bernoulli visible units");
		}
		double[] betas = schedule(temperatures);
		int visible = rbm.visibleUnits();
		int hidden = rbm.hiddenUnits();
		double[] logWeights = new double[runs];
		double logZ0 = hidden * Math.log(2);
		for (float bias : baseBias) {
			logZ0 += Math.max(bias, 0) + Math.log1p(Math.exp(-Math.abs(bias)));
		}
		try (NDManager manager = parent.newSubManager(); NDScope outer = new NDScope()) {
			NDArray w = rbm.w();
			NDArray wt = w.transpose();
			NDArray baseA = manager.create(baseBias);
			NDArray biasB = rbm.b();
			NDArray c = rbm.c();
			NDArray biasDiff = biasB.sub(baseA).toType(DataType.FLOAT64, false).reshape(-1, 1); // [V,
																								// 1]
			Noise noise = new Noise(rng, step, "ais/", manager);
			NDArray v = noise.bernoulli(Activation.sigmoid(baseA).broadcast(new Shape(runs, visible)), "v0");
			NDArray logW = manager.zeros(new Shape(runs), DataType.FLOAT64);
			int reportEvery = Math.max(1, betas.length / 100);
			for (int k = 1; k < betas.length; k++) {
				double previous = betas[k - 1];
				double beta = betas[k];
				NDArray next;
				try (NDScope scope = new NDScope()) {
					NDArray x = v.matMul(w).addi(c); // [R, H]
					NDArray x64 = x.toType(DataType.FLOAT64, false);
					NDArray increment = v.toType(DataType.FLOAT64, false)
						.matMul(biasDiff)
						.reshape(-1)
						.muli(beta - previous)
						.addi(Rbm.softplus(x64.mul(beta)).subi(Rbm.softplus(x64.mul(previous))).sum(new int[] { 1 }));
					logW.addi(increment);
					// T_k: h ~ p_k(h | v), then v ~ p_k(v | h)
					NDArray h = noise.bernoulli(Activation.sigmoid(x.mul((float) beta)), "h" + k);
					NDArray visibleInput = h.matMul(wt)
						.addi(biasB)
						.muli((float) beta)
						.addi(baseA.mul((float) (1 - beta)));
					next = noise.bernoulli(Activation.sigmoid(visibleInput), "v" + k);
					scope.unregister(next);
				}
				v.close();
				v = next;
				if (progress != null && k % reportEvery == 0) {
					progress.accept((double) k / (betas.length - 1));
				}
			}
			logWeights = logW.toDoubleArray();
			v.close();
		}
		return fromLogWeights(logWeights, logZ0, temperatures, betas.length - 1);
	}

	static Estimate fromLogWeights(double[] logWeights, double logZ0, int requested, int temperatures) {
		int runs = logWeights.length;
		double max = Double.NEGATIVE_INFINITY;
		for (double value : logWeights) {
			max = Math.max(max, value);
		}
		double mean = 0;
		for (double value : logWeights) {
			mean += Math.exp(value - max);
		}
		mean /= runs;
		double variance = 0;
		for (double value : logWeights) {
			double d = Math.exp(value - max) - mean;
			variance += d * d;
		}
		double std = runs > 1 ? Math.sqrt(variance / (runs - 1)) : 0;
		double error = 3 * std / Math.sqrt(runs);
		double logZ = logZ0 + max + Math.log(mean);
		double upper = logZ0 + max + Math.log(mean + error);
		double lower = mean - error > 0 ? logZ0 + max + Math.log(mean - error) : Double.NEGATIVE_INFINITY;
		return new Estimate("ais", logZ, lower, upper, runs, temperatures);
	}

	/**
	 * The base-rate model's biases log(p̄ / (1 − p̄)) from data, p̄ clipped to [0.001,
	 * 0.999].
	 */
	static float[] baseRate(float[] rows, int width) {
		double[] sum = new double[width];
		int n = rows.length / width;
		for (int i = 0; i < rows.length; i++) {
			sum[i % width] += rows[i];
		}
		float[] out = new float[width];
		for (int j = 0; j < width; j++) {
			double p = Math.min(0.999, Math.max(0.001, sum[j] / Math.max(1, n)));
			out[j] = (float) Math.log(p / (1 - p));
		}
		return out;
	}

}
