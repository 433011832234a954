package dev.latentforge.analysis;

import java.util.SplittableRandom;

import dev.latentforge.engine.Rng;

/**
 * Lloyd's k-means with k-means++ seeding (Arthur and Vassilvitskii, 2007), restarted from
 * several seeded starts, keeping the run with the lowest inertia (sum of squared
 * distances to the assigned centre). Every draw comes from the caller's {@link Rng}, so a
 * seeded clustering is reproducible.
 */
public final class KMeans {

	private KMeans() {
	}

	/**
	 * A clustering.
	 *
	 * @param assignments the cluster of each point
	 * @param centres {@code k × d} centres, row after row
	 * @param inertia the sum of squared distances to the assigned centres
	 * @param iterations the Lloyd iterations of the kept run
	 */
	public record Result(int[] assignments, float[] centres, double inertia, int iterations) {
	}

	/**
	 * Clusters points.
	 * @param points {@code n × d} values, row after row
	 * @param n the number of points
	 * @param d the dimension
	 * @param k the number of clusters (at most n)
	 * @param restarts the number of seeded starts (at least 1)
	 * @param maxIterations the most Lloyd iterations per start
	 * @param rng the random numbers
	 * @return the best clustering
	 */
	public static Result cluster(float[] points, int n, int d, int k, int restarts, int maxIterations, Rng rng) {
		if (k < 1 || k > n) {
			throw new IllegalArgumentException("k must be between 1 and the number of points (" + n + ")");
		}
		Result best = null;
		for (int r = 0; r < restarts; r++) {
			Result run = lloyd(points, n, d, k, seed(points, n, d, k, rng.at(r, "kmeans++")), maxIterations);
			if (best == null || run.inertia() < best.inertia()) {
				best = run;
			}
		}
		return best;
	}

	/** k-means++: each next centre drawn with probability proportional to D(x)². */
	static float[] seed(float[] points, int n, int d, int k, SplittableRandom random) {
		float[] centres = new float[k * d];
		int first = random.nextInt(n);
		System.arraycopy(points, first * d, centres, 0, d);
		double[] nearest = new double[n];
		for (int i = 0; i < n; i++) {
			nearest[i] = distance(points, i, centres, 0, d);
		}
		for (int c = 1; c < k; c++) {
			double total = 0;
			for (double v : nearest) {
				total += v;
			}
			int chosen;
			if (total <= 0) {
				chosen = random.nextInt(n);
			}
			else {
				double target = random.nextDouble() * total;
				chosen = n - 1;
				double running = 0;
				for (int i = 0; i < n; i++) {
					running += nearest[i];
					if (running >= target) {
						chosen = i;
						break;
					}
				}
			}
			System.arraycopy(points, chosen * d, centres, c * d, d);
			for (int i = 0; i < n; i++) {
				nearest[i] = Math.min(nearest[i], distance(points, i, centres, c, d));
			}
		}
		return centres;
	}

	private static Result lloyd(float[] points, int n, int d, int k, float[] centres, int maxIterations) {
		int[] assignments = new int[n];
		java.util.Arrays.fill(assignments, -1);
		double inertia = 0;
		int iteration = 0;
		boolean changed = true;
		while (changed && iteration < maxIterations) {
			iteration++;
			changed = false;
			inertia = 0;
			for (int i = 0; i < n; i++) {
				int bestCentre = 0;
				double bestDistance = Double.POSITIVE_INFINITY;
				for (int c = 0; c < k; c++) {
					double dist = distance(points, i, centres, c, d);
					if (dist < bestDistance) {
						bestDistance = dist;
						bestCentre = c;
					}
				}
				inertia += bestDistance;
				if (assignments[i] != bestCentre) {
					assignments[i] = bestCentre;
					changed = true;
				}
			}
			double[] sums = new double[k * d];
			int[] counts = new int[k];
			for (int i = 0; i < n; i++) {
				int c = assignments[i];
				counts[c]++;
				for (int j = 0; j < d; j++) {
					sums[c * d + j] += points[i * d + j];
				}
			}
			for (int c = 0; c < k; c++) {
				// an emptied cluster keeps its centre
				if (counts[c] > 0) {
					for (int j = 0; j < d; j++) {
						centres[c * d + j] = (float) (sums[c * d + j] / counts[c]);
					}
				}
			}
		}
		return new Result(assignments, centres, inertia, iteration);
	}

	private static double distance(float[] points, int i, float[] centres, int c, int d) {
		double s = 0;
		for (int j = 0; j < d; j++) {
			double diff = points[i * d + j] - centres[c * d + j];
			s += diff * diff;
		}
		return s;
	}

}
