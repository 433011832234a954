package dev.latentforge.analysis;

/**
 * Projects points onto their first two principal components (the top eigenvectors of
 * their covariance, found by power iteration with deflation), for plotting codes with
 * more than two dimensions. Points with one or two dimensions are returned as they are
 * (one dimension gets y = 0).
 */
public final class Projection {

	private static final int ITERATIONS = 500;

	private Projection() {
	}

	/**
	 * The 2-D coordinates of points.
	 * @param points {@code n × d} values, row after row
	 * @param n the number of points
	 * @param d the dimension
	 * @return {xs, ys}
	 */
	public static float[][] twoDimensions(float[] points, int n, int d) {
		float[] xs = new float[n];
		float[] ys = new float[n];
		if (d <= 2) {
			for (int i = 0; i < n; i++) {
				xs[i] = points[i * d];
				ys[i] = d == 2 ? points[i * d + 1] : 0f;
			}
			return new float[][] { xs, ys };
		}
		double[] mean = new double[d];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < d; j++) {
				mean[j] += points[i * d + j] / (double) n;
			}
		}
		double[][] cov = new double[d][d];
		for (int i = 0; i < n; i++) {
			for (int a = 0; a < d; a++) {
				double xa = points[i * d + a] - mean[a];
				for (int b = a; b < d; b++) {
					cov[a][b] += xa * (points[i * d + b] - mean[b]);
				}
			}
		}
		for (int a = 0; a < d; a++) {
			for (int b = a; b < d; b++) {
				cov[a][b] /= Math.max(1, n - 1);
				cov[b][a] = cov[a][b];
			}
		}
		double[] first = topEigenvector(cov);
		double lambda = rayleigh(cov, first);
		for (int a = 0; a < d; a++) {
			for (int b = 0; b < d; b++) {
				cov[a][b] -= lambda * first[a] * first[b];
			}
		}
		double[] second = topEigenvector(cov);
		for (int i = 0; i < n; i++) {
			double x = 0;
			double y = 0;
			for (int j = 0; j < d; j++) {
				double centred = points[i * d + j] - mean[j];
				x += centred * first[j];
				y += centred * second[j];
			}
			xs[i] = (float) x;
			ys[i] = (float) y;
		}
		return new float[][] { xs, ys };
	}

	static double[] topEigenvector(double[][] matrix) {
		int d = matrix.length;
		double[] v = new double[d];
		for (int j = 0; j < d; j++) {
			// a fixed, non-degenerate start
			v[j] = 1.0 + 0.01 * j;
		}
		normalise(v);
		for (int it = 0; it < ITERATIONS; it++) {
			double[] next = new double[d];
			for (int a = 0; a < d; a++) {
				double s = 0;
				for (int b = 0; b < d; b++) {
					s += matrix[a][b] * v[b];
				}
				next[a] = s;
			}
			if (normalise(next) == 0) {
				return v;
			}
			v = next;
		}
		return v;
	}

	private static double rayleigh(double[][] matrix, double[] v) {
		double s = 0;
		for (int a = 0; a < v.length; a++) {
			for (int b = 0; b < v.length; b++) {
				s += v[a] * matrix[a][b] * v[b];
			}
		}
		return s;
	}

	private static double normalise(double[] v) {
		double norm = 0;
		for (double x : v) {
			norm += x * x;
		}
		norm = Math.sqrt(norm);
		if (norm > 0) {
			for (int i = 0; i < v.length; i++) {
				v[i] /= norm;
			}
		}
		return norm;
	}

}
