package dev.latentforge.evaluation.generative;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations
 * (Golub & Van Loan, Matrix Computations, §8.5): exact to rounding for the small
 * covariance matrices (tens to a few hundred dimensions) of the evaluator's features.
 *
 * @param values the eigenvalues
 * @param vectors the eigenvectors as columns: {@code vectors[i][k]} is component i of
 * eigenvector k
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

	private static final int MAX_SWEEPS = 100;

	/** Decomposes a symmetric matrix (only its upper triangle is read). */
	public static SymmetricEigen of(double[][] matrix) {
		int n = matrix.length;
		double[][] a = new double[n][n];
		double[][] v = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				a[i][j] = i <= j ? matrix[i][j] : matrix[j][i];
			}
			v[i][i] = 1;
		}
		for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
			double off = 0;
			double scale = 0;
			for (int i = 0; i < n; i++) {
				scale += a[i][i] * a[i][i];
				for (int j = i + 1; j < n; j++) {
					off += a[i][j] * a[i][j];
				}
			}
			if (off <= 1e-30 * Math.max(scale, 1e-300) || off == 0) {
				break;
			}
			for (int p = 0; p < n; p++) {
				for (int q = p + 1; q < n; q++) {
					if (a[p][q] != 0) {
						rotate(a, v, p, q);
					}
				}
			}
		}
		double[] values = new double[n];
		for (int i = 0; i < n; i++) {
			values[i] = a[i][i];
		}
		return new SymmetricEigen(values, v);
	}

	/** One Jacobi rotation that zeroes a[p][q]. */
	private static void rotate(double[][] a, double[][] v, int p, int q) {
		int n = a.length;
		double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
		double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
		if (theta == 0) {
			t = 1;
		}
		double c = 1 / Math.sqrt(t * t + 1);
		double s = t * c;
		for (int k = 0; k < n; k++) {
			double akp = a[k][p];
			double akq = a[k][q];
			a[k][p] = c * akp - s * akq;
			a[k][q] = s * akp + c * akq;
		}
		for (int k = 0; k < n; k++) {
			double apk = a[p][k];
			double aqk = a[q][k];
			a[p][k] = c * apk - s * aqk;
			a[q][k] = s * apk + c * aqk;
		}
		for (int k = 0; k < n; k++) {
			double vkp = v[k][p];
			double vkq = v[k][q];
			v[k][p] = c * vkp - s * vkq;
			v[k][q] = s * vkp + c * vkq;
		}
	}

	/**
	 * The principal square root of a symmetric positive semi-definite matrix: V
	 * diag(√max(λ, 0)) Vᵀ (negative eigenvalues from rounding count as 0).
	 */
	public static double[][] sqrtPsd(double[][] matrix) {
		SymmetricEigen eigen = of(matrix);
		int n = matrix.length;
		double[][] out = new double[n][n];
		for (int k = 0; k < n; k++) {
			double root = Math.sqrt(Math.max(0, eigen.values[k]));
			if (root == 0) {
				continue;
			}
			for (int i = 0; i < n; i++) {
				double vik = eigen.vectors[i][k] * root;
				for (int j = 0; j < n; j++) {
					out[i][j] += vik * eigen.vectors[j][k];
				}
			}
		}
		return out;
	}

}
