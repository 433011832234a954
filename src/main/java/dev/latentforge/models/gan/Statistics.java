package dev.latentforge.models.gan;

/** Sample statistics the monitor reports, on plain float rows. */
final class Statistics {

	private Statistics() {
	}

	/**
	 * The Fréchet distance between N(μ₁, diag σ₁²) and N(μ₂, diag σ₂²) fitted to two
	 * samples: ‖μ₁ − μ₂‖² + Σ (σ₁ − σ₂)².
	 */
	static double diagonalFrechet(float[] a, float[] b, int size) {
		double[] ma = new double[size];
		double[] va = new double[size];
		double[] mb = new double[size];
		double[] vb = new double[size];
		moments(a, size, ma, va);
		moments(b, size, mb, vb);
		double d = 0;
		for (int k = 0; k < size; k++) {
			double dm = ma[k] - mb[k];
			double ds = Math.sqrt(va[k]) - Math.sqrt(vb[k]);
			d += dm * dm + ds * ds;
		}
		return d;
	}

	private static void moments(float[] rows, int size, double[] mean, double[] variance) {
		int n = rows.length / size;
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < size; k++) {
				mean[k] += rows[i * size + k];
			}
		}
		for (int k = 0; k < size; k++) {
			mean[k] /= n;
		}
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < size; k++) {
				double d = rows[i * size + k] - mean[k];
				variance[k] += d * d;
			}
		}
		for (int k = 0; k < size; k++) {
			variance[k] /= n;
		}
	}

	/** The mean L2 distance over all pairs of rows. */
	static double meanPairwiseDistance(float[] rows, int size) {
		int n = rows.length / size;
		double sum = 0;
		long pairs = 0;
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				double s = 0;
				for (int k = 0; k < size; k++) {
					double d = rows[i * size + k] - rows[j * size + k];
					s += d * d;
				}
				sum += Math.sqrt(s);
				pairs++;
			}
		}
		return pairs == 0 ? 0 : sum / pairs;
	}

	/**
	 * Mode coverage of points.
	 *
	 * @param covered modes with at least 1% of the samples within 3σ of their centre
	 * @param highQualityFraction the share of samples within 3σ of any centre
	 */
	record Modes(int covered, double highQualityFraction) {
	}

	/**
	 * Measures mode coverage: each class's centre and σ (the root mean squared per-axis
	 * deviation) from the labelled real points, then the samples within 3σ.
	 */
	static Modes modes(float[] real, int[] labels, int classes, float[] samples, int size) {
		double[][] centres = new double[classes][size];
		int[] counts = new int[classes];
		for (int i = 0; i < labels.length; i++) {
			counts[labels[i]]++;
			for (int k = 0; k < size; k++) {
				centres[labels[i]][k] += real[i * size + k];
			}
		}
		for (int c = 0; c < classes; c++) {
			for (int k = 0; k < size; k++) {
				centres[c][k] /= Math.max(1, counts[c]);
			}
		}
		double[] sigma = new double[classes];
		for (int i = 0; i < labels.length; i++) {
			for (int k = 0; k < size; k++) {
				double d = real[i * size + k] - centres[labels[i]][k];
				sigma[labels[i]] += d * d;
			}
		}
		for (int c = 0; c < classes; c++) {
			sigma[c] = Math.sqrt(sigma[c] / Math.max(1, counts[c] * size));
		}
		return modes(centres, sigma, samples, size);
	}

	/** Mode coverage against known centres and standard deviations. */
	static Modes modes(double[][] centres, double[] sigma, float[] samples, int size) {
		int n = samples.length / size;
		int[] near = new int[centres.length];
		int good = 0;
		for (int i = 0; i < n; i++) {
			boolean any = false;
			for (int c = 0; c < centres.length; c++) {
				double s = 0;
				for (int k = 0; k < size; k++) {
					double d = samples[i * size + k] - centres[c][k];
					s += d * d;
				}
				if (Math.sqrt(s) <= 3 * sigma[c]) {
					near[c]++;
					any = true;
				}
			}
			if (any) {
				good++;
			}
		}
		int covered = 0;
		for (int count : near) {
			if (count >= 0.01 * n) {
				covered++;
			}
		}
		return new Modes(covered, n == 0 ? 0 : (double) good / n);
	}

}
