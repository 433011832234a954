package dev.latentforge.models.gan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import dev.latentforge.tensors.Tensor;

/**
 * Experience replay's buffer of past fakes (and their conditions): a ring that the newest
 * fakes overwrite. Kept in Java memory and saved with the optimizer state, so a resumed
 * job replays the same fakes.
 */
final class ReplayBuffer {

	private final int capacity;

	private final int exampleSize;

	private final int conditionSize;

	private final float[] examples;

	private final float[] conditions;

	private int filled;

	private int next;

	ReplayBuffer(int capacity, int exampleSize, int conditionSize) {
		this.capacity = capacity;
		this.exampleSize = exampleSize;
		this.conditionSize = conditionSize;
		this.examples = new float[capacity * exampleSize];
		this.conditions = new float[capacity * conditionSize];
	}

	int filled() {
		return this.filled;
	}

	/** Adds a batch of fakes, row after row. */
	void add(float[] fakes, float[] fakeConditions, int rows) {
		for (int r = 0; r < rows; r++) {
			System.arraycopy(fakes, r * this.exampleSize, this.examples, this.next * this.exampleSize,
					this.exampleSize);
			if (this.conditionSize > 0) {
				System.arraycopy(fakeConditions, r * this.conditionSize, this.conditions,
						this.next * this.conditionSize, this.conditionSize);
			}
			this.next = (this.next + 1) % this.capacity;
			this.filled = Math.min(this.capacity, this.filled + 1);
		}
	}

	/**
	 * Overwrites the first {@code rows} rows of a batch (and its conditions) with random
	 * stored fakes.
	 */
	void replaceInto(float[] fakes, float[] fakeConditions, int rows, SplittableRandom random) {
		for (int r = 0; r < rows; r++) {
			int k = random.nextInt(this.filled);
			System.arraycopy(this.examples, k * this.exampleSize, fakes, r * this.exampleSize, this.exampleSize);
			if (this.conditionSize > 0) {
				System.arraycopy(this.conditions, k * this.conditionSize, fakeConditions, r * this.conditionSize,
						this.conditionSize);
			}
		}
	}

	Map<String, Tensor> state(String prefix) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		out.put(prefix + "examples", Tensor.ofFloats(new int[] { this.capacity, this.exampleSize }, this.examples));
		if (this.conditionSize > 0) {
			out.put(prefix + "conditions",
					Tensor.ofFloats(new int[] { this.capacity, this.conditionSize }, this.conditions));
		}
		out.put(prefix + "cursor", Tensor.ofInts(new int[] { 2 }, new int[] { this.filled, this.next }));
		return out;
	}

	void load(Map<String, Tensor> state, String prefix) {
		float[] e = state.get(prefix + "examples").toFloatArray();
		System.arraycopy(e, 0, this.examples, 0, e.length);
		if (this.conditionSize > 0) {
			float[] c = state.get(prefix + "conditions").toFloatArray();
			System.arraycopy(c, 0, this.conditions, 0, c.length);
		}
		int[] cursor = state.get(prefix + "cursor").toIntArray();
		this.filled = cursor[0];
		this.next = cursor[1];
	}

}
