package dev.latentforge.engine.nn;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Shared helpers of the convolution tests and benchmark. */
final class NnTesting {

	private NnTesting() {
	}

	/**
	 * Asserts float32 results within 1e-4·(1 + |expected|) of a double-precision
	 * reference.
	 */
	static void assertClose(float[] actual, double[] expected) {
		assertThat(actual).hasSize(expected.length);
		for (int i = 0; i < expected.length; i++) {
			assertThat((double) actual[i]).as("element %d", i)
				.isCloseTo(expected[i], within(1e-4 * (1 + Math.abs(expected[i]))));
		}
	}

	static double[] gaussian(SplittableRandom random, int n) {
		double[] out = new double[n];
		for (int i = 0; i < n; i++) {
			out[i] = random.nextGaussian();
		}
		return out;
	}

	static float[] floats(double[] values) {
		float[] out = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (float) values[i];
		}
		return out;
	}

	static boolean allFinite(float[] values) {
		for (float v : values) {
			if (!Float.isFinite(v)) {
				return false;
			}
		}
		return true;
	}

}
