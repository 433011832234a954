package dev.latentforge.generation;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.models.LoadedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;

import org.springframework.stereotype.Component;

/**
 * Runs inference on a fixed pool of platform threads, each with grad mode switched off
 * (it is on by default in new threads, and a forward pass would otherwise record a
 * graph). Every forward pass has exactly {@code latentforge.generation.batch-size} rows:
 * a request is split into batches and the last one is padded with zeros, so the numbers
 * one row gets never depend on what else is in its batch, and repeated requests return
 * identical results.
 */
@Component
public class InferenceExecutor {

	private final ExecutorService threads;

	private final int batchSize;

	private final Timer latency;

	public InferenceExecutor(GenerationProperties properties, MeterRegistry registry) {
		this.batchSize = properties.batchSize();
		// read when the engine first loads (lazily, so a broken libtorch leaves the
		// service up but not ready)
		System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(properties.threads()));
		AtomicInteger counter = new AtomicInteger();
		this.threads = Executors.newFixedThreadPool(properties.threads(), (runnable) -> {
			Thread thread = new Thread(() -> {
				JniUtils.setGradMode(false);
				runnable.run();
			}, "inference-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.latency = Timer.builder("latentforge.generation.latency")
			.description("Time of one generation request (all its batches)")
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(registry);
	}

	public int batchSize() {
		return this.batchSize;
	}

	/**
	 * Applies an operation to rows.
	 * @param model the model (its manager creates the inputs)
	 * @param rows the input rows, each of {@code rowShape}, concatenated
	 * @param count the number of rows
	 * @param rowShape the shape of one input row
	 * @param operation the batch operation: [B, ...] in, [B, ...] out
	 * @return the output rows concatenated, and the shape of one output row
	 */
	public Result run(LoadedModel model, float[] rows, int count, Shape rowShape, UnaryOperator<NDArray> operation) {
		Future<Result> future = this.threads
			.submit(() -> this.latency.recordCallable(() -> runBatches(model, rows, count, rowShape, operation)));
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new IllegalStateException("interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private Result runBatches(LoadedModel model, float[] rows, int count, Shape rowShape,
			UnaryOperator<NDArray> operation) {
		int rowSize = Math.toIntExact(rowShape.size());
		float[] output = null;
		Shape outputRowShape = null;
		int outputRowSize = 0;
		for (int start = 0; start < count; start += this.batchSize) {
			int n = Math.min(this.batchSize, count - start);
			float[] batch = new float[this.batchSize * rowSize];
			System.arraycopy(rows, start * rowSize, batch, 0, n * rowSize);
			try (NDManager manager = model.manager().newSubManager(); NDScope scope = new NDScope()) {
				NDArray input = manager.create(batch, new Shape(this.batchSize).addAll(rowShape));
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
		return new Result(output, count, outputRowShape);
	}

	/**
	 * Inference output.
	 *
	 * @param values the output rows concatenated
	 * @param count the number of rows
	 * @param rowShape the shape of one row
	 */
	public record Result(float[] values, int count, Shape rowShape) {

		public int[] shape() {
			int[] dims = new int[this.rowShape.dimension() + 1];
			dims[0] = this.count;
			for (int i = 0; i < this.rowShape.dimension(); i++) {
				dims[i + 1] = Math.toIntExact(this.rowShape.get(i));
			}
			return dims;
		}

	}

	/**
	 * Runs a whole task on an inference thread (grad mode off) and waits for it: for work
	 * that is a sequence of dependent forward passes rather than independent rows, such
	 * as a Markov chain. The task creates its arrays in sub-managers of the model's
	 * manager and closes them.
	 * @param task the task
	 * @return its result
	 */
	public <T> T call(java.util.concurrent.Callable<T> task) {
		Future<T> future = this.threads.submit(() -> this.latency.recordCallable(task));
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new IllegalStateException("interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	@PreDestroy
	void stop() {
		this.threads.shutdownNow();
	}

}
