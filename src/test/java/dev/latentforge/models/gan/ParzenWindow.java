package dev.latentforge.models.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.GradMode;

/**
 * A Parzen-window density fitted to generated samples, the log-likelihood anchor of
 * Goodfellow et al. 2014 (after Breuleux, Bengio and Vincent 2011): an isotropic Gaussian
 * of width σ on each of N samples s_i (pixel values in [0, 1], flattened to d values),
 * <pre>
 * log p(x) = logsumexp_i(−‖x − s_i‖² / (2σ²)) − log N − (d/2)·log(2πσ²).
 * </pre> σ is chosen as Goodfellow et al.'s {@code parzen_ll.py} chooses it: the grid
 * value with the highest mean log-likelihood of a validation set
 * ({@link #GOODFELLOW_SIGMAS}, ten values spaced evenly in log from 0.1 to 1). Squared
 * distances come from matrix products (‖x‖² + ‖s‖² − 2x·sᵀ) in float64, a chunk of points
 * at a time so memory stays near {@link #CHUNK_ELEMENTS} doubles per chunk whatever the
 * sample count; the log-sum-exp subtracts each row's maximum before exponentiating.
 * Pixel-space Parzen estimates are known to be unreliable (Theis, van den Oord and Bethge
 * 2016): a benchmark anchor, not a measure of sample quality.
 */
final class ParzenWindow {

	/** σ grid of {@code parzen_ll.py}: {@code numpy.logspace(-1, 0, 10)}. */
	static final double[] GOODFELLOW_SIGMAS = logspace(-1, 0, 10);

	/** Distance-matrix entries per chunk (rows × samples), about 32 MB of doubles. */
	static final int CHUNK_ELEMENTS = 4_000_000;

	private final float[] samples;

	private final int count;

	private final int dimension;

	private final int chunkRows;

	/**
	 * A window on samples.
	 * @param samples the samples, row after row
	 * @param count how many
	 */
	ParzenWindow(float[] samples, int count) {
		this(samples, count, Math.max(1, CHUNK_ELEMENTS / count));
	}

	/** A window that scores {@code chunkRows} points per distance matrix (for tests). */
	ParzenWindow(float[] samples, int count, int chunkRows) {
		if (count < 1 || samples.length % count != 0) {
			throw new IllegalArgumentException(samples.length + " values are not " + count + " samples");
		}
		this.samples = samples;
		this.count = count;
		this.dimension = samples.length / count;
		this.chunkRows = chunkRows;
	}

	/**
	 * The log-likelihood of each point under each σ.
	 * @param points the points, row after row, of the samples' dimension
	 * @param sigmas the kernel widths
	 * @return {@code [sigma][point]}
	 */
	double[][] logLikelihoods(float[] points, double... sigmas) {
		int n = points.length / this.dimension;
		double[][] out = new double[sigmas.length][n];
		// the manager first: it loads the engine that GradMode calls into
		try (NDManager manager = NDManager.newBaseManager()) {
			GradMode.off(() -> {
				// N x d, and ‖s‖² as 1 x N
				NDArray s = manager.create(this.samples, new Shape(this.count, this.dimension))
					.toType(DataType.FLOAT64, false);
				NDArray ss = s.square().sum(new int[] { 1 }).reshape(1, this.count);
				NDArray st = s.transpose();
				for (int start = 0; start < n; start += this.chunkRows) {
					int rows = Math.min(this.chunkRows, n - start);
					try (NDManager chunk = manager.newSubManager()) {
						float[] part = java.util.Arrays.copyOfRange(points, start * this.dimension,
								(start + rows) * this.dimension);
						NDArray x = chunk.create(part, new Shape(rows, this.dimension)).toType(DataType.FLOAT64, false);
						// rows x N: ‖x‖² + ‖s‖² − 2x·sᵀ, clipped at 0 against rounding
						NDArray squared = x.square()
							.sum(new int[] { 1 }, true)
							.add(ss)
							.sub(x.matMul(st).mul(2))
							.maximum(0);
						for (int k = 0; k < sigmas.length; k++) {
							double[] lse = logSumExp(squared.mul(-1 / (2 * sigmas[k] * sigmas[k])));
							double constant = Math.log(this.count)
									+ this.dimension / 2.0 * Math.log(2 * Math.PI * sigmas[k] * sigmas[k]);
							for (int i = 0; i < rows; i++) {
								out[k][start + i] = lse[i] - constant;
							}
						}
					}
				}
			});
		}
		return out;
	}

	/** Row-wise log Σ exp, stable: max + log Σ exp(a − max). */
	private static double[] logSumExp(NDArray a) {
		NDArray max = a.max(new int[] { 1 }, true);
		return a.sub(max).exp().sum(new int[] { 1 }, true).log().add(max).toDoubleArray();
	}

	/**
	 * Goodfellow et al.'s protocol: σ from the grid by the validation points' mean
	 * log-likelihood, then the test points' mean log-likelihood and its standard error
	 * (population standard deviation / √n, as {@code numpy.std} computes it).
	 * @param validation the points σ is chosen on
	 * @param test the points reported on
	 * @param sigmas the grid
	 * @return the estimate
	 */
	Estimate estimate(float[] validation, float[] test, double... sigmas) {
		double[][] byValidation = logLikelihoods(validation, sigmas);
		double[] means = new double[sigmas.length];
		int best = 0;
		for (int k = 0; k < sigmas.length; k++) {
			means[k] = mean(byValidation[k]);
			if (means[k] > means[best]) {
				best = k;
			}
		}
		double[] ll = logLikelihoods(test, sigmas[best])[0];
		double mean = mean(ll);
		double variance = 0;
		for (double v : ll) {
			variance += (v - mean) * (v - mean);
		}
		variance /= ll.length;
		return new Estimate(sigmas[best], mean, Math.sqrt(variance / ll.length), ll.length, means);
	}

	private static double mean(double[] values) {
		double sum = 0;
		for (double v : values) {
			sum += v;
		}
		return sum / values.length;
	}

	static double[] logspace(double from, double to, int count) {
		double[] out = new double[count];
		for (int i = 0; i < count; i++) {
			out[i] = Math.pow(10, from + (to - from) * i / (count - 1));
		}
		return out;
	}

	/**
	 * A Parzen estimate.
	 *
	 * @param sigma the chosen kernel width
	 * @param mean the test points' mean log-likelihood (nats)
	 * @param standardError its standard error
	 * @param points how many test points
	 * @param validationMeans the validation mean log-likelihood of each grid value
	 */
	record Estimate(double sigma, double mean, double standardError, int points, double[] validationMeans) {
	}

}
