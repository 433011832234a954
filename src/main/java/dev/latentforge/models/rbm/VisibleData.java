package dev.latentforge.models.rbm;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.Examples;

/**
 * Turns examples into the bottom layer's visible values for training and evaluation:
 * Bernoulli units get binary rows ({@code stochastic}: pixel i of example n is 1 with
 * probability equal to its intensity, drawn from the stream {@code binarise/<split>}
 * keyed by n, so each example is binarised once and the same way on every pass and after
 * a resume, as Salakhutdinov &amp; Murray binarised MNIST once; {@code threshold}:
 * intensity ≥ 0.5; {@code none}: the intensities), Gaussian units get the standardised
 * values.
 */
final class VisibleData {

	private final RbmStack stack;

	private final Rng rng;

	VisibleData(RbmStack stack, Rng rng) {
		this.stack = stack;
		this.rng = rng;
	}

	/** The rows at the given positions of a split, as float values [n, D]. */
	float[] rows(Examples examples, int[] positions, String split) {
		float[] values = examples.values(positions);
		int width = examples.info().exampleSize();
		switch (this.stack.config().binarize()) {
			case STOCHASTIC -> {
				if (this.stack.config().visible() == RbmSpec.VisibleUnits.BERNOULLI) {
					for (int row = 0; row < positions.length; row++) {
						SplittableRandom random = this.rng.at(positions[row], "binarise/" + split);
						for (int i = row * width; i < (row + 1) * width; i++) {
							values[i] = random.nextDouble() < values[i] ? 1f : 0f;
						}
					}
				}
			}
			case THRESHOLD -> {
				for (int i = 0; i < values.length; i++) {
					values[i] = values[i] >= 0.5f ? 1f : 0f;
				}
			}
			case NONE -> {
			}
		}
		return values;
	}

	/** The visible values [n, D] of examples at the given positions. */
	NDArray batch(NDManager manager, Examples examples, int[] positions, String split) {
		int width = examples.info().exampleSize();
		NDArray rows = manager.create(rows(examples, positions, split), new Shape(positions.length, width));
		return this.stack.dataStd() != null ? this.stack.visibleFromImages(rows) : rows;
	}

	/** Up to {@code limit} positions spread evenly over a split. */
	static int[] spread(int count, int limit) {
		int n = Math.min(count, limit);
		int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			out[i] = (int) ((long) i * count / n);
		}
		return out;
	}

}
