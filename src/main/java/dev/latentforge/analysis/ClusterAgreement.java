package dev.latentforge.analysis;

/**
 * Agreement between a clustering and reference labels: normalised mutual information
 * {@code NMI = I(U; V) / √(H(U) H(V))} (Strehl and Ghosh, 2002; 0 for independent
 * labellings, 1 for identical ones up to renaming) and the adjusted Rand index of Hubert
 * and Arabie (1985) (0 in expectation for random labellings, 1 for identical ones).
 */
public final class ClusterAgreement {

	private ClusterAgreement() {
	}

	/** The normalised mutual information of two labellings of the same points. */
	public static double nmi(int[] a, int[] b) {
		long[][] table = contingency(a, b);
		int n = a.length;
		double[] rows = new double[table.length];
		double[] cols = new double[table[0].length];
		for (int i = 0; i < table.length; i++) {
			for (int j = 0; j < table[0].length; j++) {
				rows[i] += table[i][j];
				cols[j] += table[i][j];
			}
		}
		double mutual = 0;
		for (int i = 0; i < table.length; i++) {
			for (int j = 0; j < table[0].length; j++) {
				if (table[i][j] > 0) {
					double p = (double) table[i][j] / n;
					mutual += p * Math.log(p * n * n / (rows[i] * cols[j]));
				}
			}
		}
		double ha = entropy(rows, n);
		double hb = entropy(cols, n);
		if (ha == 0 || hb == 0) {
			return (ha == 0 && hb == 0) ? 1.0 : 0.0;
		}
		return mutual / Math.sqrt(ha * hb);
	}

	/** The adjusted Rand index of two labellings of the same points. */
	public static double ari(int[] a, int[] b) {
		long[][] table = contingency(a, b);
		double index = 0;
		double[] rows = new double[table.length];
		double[] cols = new double[table[0].length];
		for (int i = 0; i < table.length; i++) {
			for (int j = 0; j < table[0].length; j++) {
				index += pairs(table[i][j]);
				rows[i] += table[i][j];
				cols[j] += table[i][j];
			}
		}
		double sumRows = 0;
		for (double r : rows) {
			sumRows += pairs(r);
		}
		double sumCols = 0;
		for (double c : cols) {
			sumCols += pairs(c);
		}
		double expected = sumRows * sumCols / pairs(a.length);
		double max = (sumRows + sumCols) / 2;
		if (max == expected) {
			return 1.0;
		}
		return (index - expected) / (max - expected);
	}

	private static long[][] contingency(int[] a, int[] b) {
		if (a.length != b.length || a.length == 0) {
			throw new IllegalArgumentException("two non-empty labellings of the same points are needed");
		}
		int ka = 0;
		int kb = 0;
		for (int i = 0; i < a.length; i++) {
			ka = Math.max(ka, a[i] + 1);
			kb = Math.max(kb, b[i] + 1);
		}
		long[][] table = new long[ka][kb];
		for (int i = 0; i < a.length; i++) {
			table[a[i]][b[i]]++;
		}
		return table;
	}

	private static double entropy(double[] counts, int n) {
		double h = 0;
		for (double c : counts) {
			if (c > 0) {
				h -= c / n * Math.log(c / n);
			}
		}
		return h;
	}

	private static double pairs(double n) {
		return n * (n - 1) / 2;
	}

}
