package dev.latentforge.evaluation.generative;

/**
 * Mode coverage on a mixture of Gaussians on a ring (the {@code ring-8} data set: 8 modes
 * on the circle of radius 2, σ 0.02), as in the unrolled-GAN paper (Metz et al. 2017): a
 * mode is covered when at least 1% of the samples lie within 3σ of its centre; the
 * high-quality fraction is the share of samples within 3σ of any centre.
 */
public final class RingModes {

	private RingModes() {
	}

	/**
	 * The counts.
	 *
	 * @param modesCovered modes with at least the minimum share of samples
	 * @param highQualityFraction the share of samples within 3σ of a centre
	 * @param perMode the samples within 3σ of each centre
	 */
	public record Result(int modesCovered, double highQualityFraction, int[] perMode) {
	}

	/** The centres of {@code modes} modes on a circle of the given radius. */
	public static double[][] centres(int modes, double radius) {
		double[][] centres = new double[modes][];
		for (int k = 0; k < modes; k++) {
			double angle = 2 * Math.PI * k / modes;
			centres[k] = new double[] { radius * StrictMath.cos(angle), radius * StrictMath.sin(angle) };
		}
		return centres;
	}

	public static Result of(double[][] samples, double[][] centres, double sigma, double minShare) {
		double limit = 3 * sigma;
		int[] perMode = new int[centres.length];
		int highQuality = 0;
		for (double[] sample : samples) {
			int nearest = -1;
			double best = Double.MAX_VALUE;
			for (int k = 0; k < centres.length; k++) {
				double d = Math.hypot(sample[0] - centres[k][0], sample[1] - centres[k][1]);
				if (d < best) {
					best = d;
					nearest = k;
				}
			}
			if (best <= limit) {
				perMode[nearest]++;
				highQuality++;
			}
		}
		int covered = 0;
		for (int count : perMode) {
			if (count >= minShare * samples.length) {
				covered++;
			}
		}
		return new Result(covered, (double) highQuality / samples.length, perMode);
	}

}
