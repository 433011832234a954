package dev.latentforge.evaluation.generative;

/**
 * The Fréchet distance between two Gaussians fitted to two sets of feature vectors
 * (Heusel et al. 2017, the "FID" when the features are Inception's; ours come from the
 * evaluator network): d² = ‖μ₁ − μ₂‖² + tr(Σ₁) + tr(Σ₂) − 2 tr((Σ₁^½ Σ₂ Σ₁^½)^½). The
 * last trace is computed from the eigenvalues of the symmetric matrix Σ₁^½ Σ₂ Σ₁^½, which
 * equals tr((Σ₁Σ₂)^½) without forming the non-symmetric product.
 */
public final class FrechetDistance {

	private FrechetDistance() {
	}

	/** The distance between two Gaussians given by their moments. */
	public static double of(double[] mean1, double[][] cov1, double[] mean2, double[][] cov2) {
		int d = mean1.length;
		double meanTerm = 0;
		double traces = 0;
		for (int i = 0; i < d; i++) {
			double diff = mean1[i] - mean2[i];
			meanTerm += diff * diff;
			traces += cov1[i][i] + cov2[i][i];
		}
		double[][] root1 = SymmetricEigen.sqrtPsd(cov1);
		double[][] product = multiply(multiply(root1, cov2), root1);
		// symmetrise against rounding
		for (int i = 0; i < d; i++) {
			for (int j = i + 1; j < d; j++) {
				double mean = (product[i][j] + product[j][i]) / 2;
				product[i][j] = mean;
				product[j][i] = mean;
			}
		}
		double traceRoot = 0;
		for (double value : SymmetricEigen.of(product).values()) {
			traceRoot += Math.sqrt(Math.max(0, value));
		}
		return Math.max(0, meanTerm + traces - 2 * traceRoot);
	}

	/** The distance between the Gaussians fitted to two sets of rows. */
	public static double of(double[][] features1, double[][] features2) {
		Moments a = Moments.of(features1);
		Moments b = Moments.of(features2);
		return of(a.mean(), a.covariance(), b.mean(), b.covariance());
	}

	static double[][] multiply(double[][] a, double[][] b) {
		int n = a.length;
		int m = b[0].length;
		int inner = b.length;
		double[][] out = new double[n][m];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < inner; k++) {
				double aik = a[i][k];
				if (aik == 0) {
					continue;
				}
				for (int j = 0; j < m; j++) {
					out[i][j] += aik * b[k][j];
				}
			}
		}
		return out;
	}

	/**
	 * The mean and the (unbiased, n − 1) covariance of rows.
	 *
	 * @param mean the mean
	 * @param covariance the covariance
	 */
	public record Moments(double[] mean, double[][] covariance) {

		public static Moments of(double[][] rows) {
			int n = rows.length;
			int d = rows[0].length;
			double[] mean = new double[d];
			for (double[] row : rows) {
				for (int j = 0; j < d; j++) {
					mean[j] += row[j] / n;
				}
			}
			double[][] cov = new double[d][d];
			double[] centred = new double[d];
			for (double[] row : rows) {
				for (int j = 0; j < d; j++) {
					centred[j] = row[j] - mean[j];
				}
				for (int i = 0; i < d; i++) {
					double ci = centred[i];
					for (int j = i; j < d; j++) {
						cov[i][j] += ci * centred[j];
					}
				}
			}
			for (int i = 0; i < d; i++) {
				for (int j = i; j < d; j++) {
					cov[i][j] /= Math.max(1, n - 1);
					cov[j][i] = cov[i][j];
				}
			}
			return new Moments(mean, cov);
		}

	}

}
