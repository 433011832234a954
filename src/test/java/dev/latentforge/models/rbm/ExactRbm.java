package dev.latentforge.models.rbm;

/**
 * Plain-Java reference computations for small Bernoulli RBMs, independent of the training
 * code: log Z by enumerating every visible configuration (summing the hidden units out),
 * and mean log-probabilities.
 */
final class ExactRbm {

	private ExactRbm() {
	}

	static double logZ(double[][] w, double[] b, double[] c) {
		int v = b.length;
		double max = Double.NEGATIVE_INFINITY;
		double[] terms = new double[1 << v];
		for (int config = 0; config < (1 << v); config++) {
			terms[config] = -freeEnergy(w, b, c, bits(config, v));
			max = Math.max(max, terms[config]);
		}
		double sum = 0;
		for (double term : terms) {
			sum += Math.exp(term - max);
		}
		return max + Math.log(sum);
	}

	/** F(v) = −bᵀv − Σ_j log(1 + exp(c_j + Σ_i v_i W_ij)). */
	static double freeEnergy(double[][] w, double[] b, double[] c, double[] v) {
		double energy = 0;
		for (int i = 0; i < b.length; i++) {
			energy -= b[i] * v[i];
		}
		for (int j = 0; j < c.length; j++) {
			double x = c[j];
			for (int i = 0; i < b.length; i++) {
				x += v[i] * w[i][j];
			}
			energy -= Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
		}
		return energy;
	}

	static double[] bits(int config, int n) {
		double[] out = new double[n];
		for (int i = 0; i < n; i++) {
			out[i] = (config >> i) & 1;
		}
		return out;
	}

	static double meanLogProbability(double[][] w, double[] b, double[] c, double[][] rows) {
		double logZ = logZ(w, b, c);
		double sum = 0;
		for (double[] row : rows) {
			sum += -freeEnergy(w, b, c, row) - logZ;
		}
		return sum / rows.length;
	}

	static double[] floats(float[] values) {
		double[] out = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = values[i];
		}
		return out;
	}

	static double[][] matrix(float[] values, int rows, int columns) {
		double[][] out = new double[rows][columns];
		for (int i = 0; i < rows; i++) {
			for (int j = 0; j < columns; j++) {
				out[i][j] = values[i * columns + j];
			}
		}
		return out;
	}

}
