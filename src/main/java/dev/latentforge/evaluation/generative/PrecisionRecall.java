package dev.latentforge.evaluation.generative;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Improved precision and recall (Kynkäänniemi et al., NeurIPS 2019): each set's manifold
 * is the union of balls around its points, each ball reaching the point's k-th nearest
 * neighbour in its own set (k = 3 in the paper). Precision is the share of generated
 * points inside the real manifold (how many samples look real); recall is the share of
 * real points inside the generated manifold (how much of the data the model covers).
 * Distances are Euclidean; a point lies inside when its distance to some centre is at
 * most that centre's radius.
 */
public final class PrecisionRecall {

	private PrecisionRecall() {
	}

	/**
	 * Precision and recall.
	 *
	 * @param precision the share of generated points in the real manifold
	 * @param recall the share of real points in the generated manifold
	 */
	public record Result(double precision, double recall) {
	}

	public static Result of(double[][] real, double[][] generated, int k) {
		double[] realRadii = radii(real, k);
		double[] generatedRadii = radii(generated, k);
		return new Result(coverage(generated, real, realRadii), coverage(real, generated, generatedRadii));
	}

	/** Each point's distance to its k-th nearest other point of the same set. */
	static double[] radii(double[][] points, int k) {
		if (points.length <= k) {
			throw new IllegalArgumentException("need more than k = " + k + " points, got " + points.length);
		}
		return IntStream.range(0, points.length).parallel().mapToDouble((i) -> {
			double[] distances = new double[points.length - 1];
			int n = 0;
			for (int j = 0; j < points.length; j++) {
				if (j != i) {
					distances[n++] = squaredDistance(points[i], points[j]);
				}
			}
			Arrays.sort(distances);
			return Math.sqrt(distances[k - 1]);
		}).toArray();
	}

	/** The share of queries within the radius of at least one centre. */
	static double coverage(double[][] queries, double[][] centres, double[] radii) {
		long inside = IntStream.range(0, queries.length).parallel().filter((q) -> {
			for (int c = 0; c < centres.length; c++) {
				if (squaredDistance(queries[q], centres[c]) <= radii[c] * radii[c]) {
					return true;
				}
			}
			return false;
		}).count();
		return (double) inside / queries.length;
	}

	static double squaredDistance(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			double d = a[i] - b[i];
			sum += d * d;
		}
		return sum;
	}

}
