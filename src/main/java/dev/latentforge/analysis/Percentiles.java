package dev.latentforge.analysis;

import java.util.Arrays;

/** Percentiles of a sample and the area under a ROC curve. */
public final class Percentiles {

	private Percentiles() {
	}

	/**
	 * The p-th percentile, by linear interpolation between order statistics (NumPy's
	 * default, "linear").
	 * @param values the sample (not modified)
	 * @param p the percentile, 0 to 100
	 * @return the percentile
	 */
	public static double of(double[] values, double p) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		double position = p / 100.0 * (sorted.length - 1);
		int lower = (int) Math.floor(position);
		int upper = Math.min(sorted.length - 1, lower + 1);
		return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
	}

	/**
	 * The area under the ROC curve of a score that should be higher for positives: the
	 * probability that a random positive outscores a random negative, ties counting half
	 * (the Mann–Whitney statistic).
	 * @param positives the positives' scores
	 * @param negatives the negatives' scores
	 * @return the AUC
	 */
	public static double rocAuc(double[] positives, double[] negatives) {
		int n = positives.length + negatives.length;
		double[] all = new double[n];
		boolean[] positive = new boolean[n];
		System.arraycopy(positives, 0, all, 0, positives.length);
		System.arraycopy(negatives, 0, all, positives.length, negatives.length);
		Arrays.fill(positive, 0, positives.length, true);
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
		double rankSum = 0;
		int i = 0;
		while (i < n) {
			int j = i;
			while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
				j++;
			}
			double rank = (i + j) / 2.0 + 1;
			for (int k = i; k <= j; k++) {
				if (positive[order[k]]) {
					rankSum += rank;
				}
			}
			i = j + 1;
		}
		double np = positives.length;
		return (rankSum - np * (np + 1) / 2) / (np * negatives.length);
	}

}
