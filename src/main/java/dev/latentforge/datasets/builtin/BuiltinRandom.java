package dev.latentforge.datasets.builtin;

import java.util.SplittableRandom;

/**
 * The random draws the generators share, written so that the same seed gives the same
 * numbers on every machine: only {@link SplittableRandom}'s integer and double streams,
 * and {@link StrictMath} where a transcendental function is needed.
 */
final class BuiltinRandom {

	private BuiltinRandom() {
	}

	/**
	 * Labels 0..classes−1 repeated in turn and then shuffled, so that class counts differ
	 * by at most one.
	 */
	static int[] balancedLabels(int count, int classes, SplittableRandom random) {
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			labels[i] = i % classes;
		}
		shuffle(labels, random);
		return labels;
	}

	/** Fisher–Yates. */
	static void shuffle(int[] values, SplittableRandom random) {
		for (int i = values.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = values[i];
			values[i] = values[j];
			values[j] = swap;
		}
	}

	/**
	 * Two independent standard normal numbers by the Box–Muller transform (the JDK's
	 * {@code nextGaussian} is not specified to the bit).
	 */
	static double[] gaussianPair(SplittableRandom random) {
		double u1 = 1.0 - random.nextDouble();
		double u2 = random.nextDouble();
		double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
		double angle = 2 * Math.PI * u2;
		return new double[] { radius * StrictMath.cos(angle), radius * StrictMath.sin(angle) };
	}

}
