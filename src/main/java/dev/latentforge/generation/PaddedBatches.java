package dev.latentforge.generation;

import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.models.LoadedModel;

/**
 * Runs an operation over rows in forward passes of exactly one fixed batch size, the last
 * padded with zeros: a row's result never depends on how many rows came with it.
 */
public final class PaddedBatches {

	private PaddedBatches() {
	}

	/**
	 * Applies an operation to rows in fixed-size padded batches, on the calling thread.
	 * @param model the model whose manager creates the inputs
	 * @param rows the input rows concatenated
	 * @param count the number of rows
	 * @param rowShape the shape of one input row
	 * @param operation [B, ...] in, [B, ...] out
	 * @param batchSize the rows of every forward pass
	 * @return the output rows concatenated
	 */
	public static InferenceExecutor.Result run(LoadedModel model, float[] rows, int count, Shape rowShape,
			UnaryOperator<NDArray> operation, int batchSize) {
		int rowSize = Math.toIntExact(rowShape.size());
		float[] output = null;
		Shape outputRowShape = null;
		int outputRowSize = 0;
		float[] batch = new float[batchSize * rowSize];
		for (int start = 0; start < count; start += batchSize) {
			int n = Math.min(batchSize, count - start);
			System.arraycopy(rows, start * rowSize, batch, 0, n * rowSize);
			if (n < batchSize) {
				java.util.Arrays.fill(batch, n * rowSize, batch.length, 0f);
			}
			try (NDManager manager = model.manager().newSubManager(); NDScope scope = new NDScope()) {
				NDArray input = manager.create(batch, new Shape(batchSize).addAll(rowShape));
				NDArray result = operation.apply(input);
				if (output == null) {
					outputRowShape = result.getShape().slice(1);
					outputRowSize = Math.toIntExact(outputRowShape.size());
					output = new float[count * outputRowSize];
				}
				float[] values = result.toFloatArray();
				System.arraycopy(values, 0, output, start * outputRowSize, n * outputRowSize);
			}
		}
		return new InferenceExecutor.Result(output, count, outputRowShape);
	}

}
