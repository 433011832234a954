package dev.latentforge.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs inference on a fixed pool of platform threads with grad mode off, behind a bounded
 * queue that merges concurrent requests (dynamic batching, as Triton and TorchServe do).
 * <p>
 * Requests for the same loaded model (one checkpoint) and the same named operation are
 * merged, oldest first, into one dispatch of at most {@code max-batch-size} rows; a free
 * thread waits at most {@code max-delay} after the oldest request's arrival for more to
 * join. A dispatch runs in forward passes of exactly
 * {@code latentforge.generation.batch-size} rows, the last padded with zeros, so the
 * numbers one row gets never depend on what else shares its dispatch, and each caller
 * gets exactly its own rows. A full queue answers 503 with {@code Retry-After}; a request
 * whose deadline passes before a thread takes it is dropped without being computed.
 */
@Component
public class InferenceExecutor {

	private static final int QUEUED = 0;

	private static final int RUNNING = 1;

	private static final int DROPPED = 2;

	private final int batchSize;

	private final BatchingProperties batching;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ArrayDeque<Pending> queue = new ArrayDeque<>();

	private final List<Thread> threads = new ArrayList<>();

	private final Timer latency;

	private final DistributionSummary dispatchRows;

	private volatile boolean stopped;

	public InferenceExecutor(GenerationProperties properties, MeterRegistry registry) {
		this(properties, BatchingProperties.defaults(), registry, Clock.systemUTC());
	}

	@Autowired
	public InferenceExecutor(GenerationProperties properties, BatchingProperties batching, MeterRegistry registry) {
		this(properties, batching, registry, Clock.systemUTC());
	}

	/**
	 * An executor.
	 * @param properties inference threads and the fixed batch size
	 * @param batching merging, queue bound and deadline
	 * @param registry where latency and dispatch sizes are published
	 * @param clock the clock deadlines are measured on
	 */
	public InferenceExecutor(GenerationProperties properties, BatchingProperties batching, MeterRegistry registry,
			Clock clock) {
		this.batchSize = properties.batchSize();
		this.batching = batching;
		this.clock = clock;
		// read when the engine first loads (lazily, so a broken libtorch leaves the
		// service up but not ready)
		System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(properties.threads()));
		this.latency = Timer.builder("latentforge.generation.latency")
			.description("Time of one generation request, from its arrival in the queue to its last row")
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(registry);
		this.dispatchRows = DistributionSummary.builder("latentforge.generation.dispatch.rows")
			.description("Rows merged into one dispatch (before padding)")
			.register(registry);
		registry.gauge("latentforge.generation.queued", this, InferenceExecutor::queued);
		for (int i = 1; i <= properties.threads(); i++) {
			Thread thread = new Thread(this::serve, "inference-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	public int batchSize() {
		return this.batchSize;
	}

	public BatchingProperties batching() {
		return this.batching;
	}

	/**
	 * Applies an operation to rows, in a dispatch of their own (the operation is not
	 * named, so no other request can be known to compute the same function).
	 * @param model the model (its manager creates the inputs)
	 * @param rows the input rows, each of {@code rowShape}, concatenated
	 * @param count the number of rows
	 * @param rowShape the shape of one input row
	 * @param operation the batch operation: [B, ...] in, [B, ...] out
	 * @return the output rows concatenated, and the shape of one output row
	 */
	public Result run(LoadedModel model, float[] rows, int count, Shape rowShape, UnaryOperator<NDArray> operation) {
		return run(model, null, rows, count, rowShape, operation);
	}

	/**
	 * Applies a named operation to rows, merged with concurrent requests for the same
	 * model and operation.
	 * @param model the model (its manager creates the inputs); requests are merged only
	 * for the same instance, that is the same loaded checkpoint
	 * @param operationName names the function {@code operation} computes on this model
	 * (e.g. {@code "decode"}): any two requests with the same model and name must compute
	 * the same function of each row, whatever their {@code operation} instances; {@code
	 * null} never merges
	 * @param rows the input rows, each of {@code rowShape}, concatenated
	 * @param count the number of rows
	 * @param rowShape the shape of one input row
	 * @param operation the batch operation: [B, ...] in, [B, ...] out, each output row a
	 * function of its input row only
	 * @return the output rows concatenated, and the shape of one output row
	 * @throws ApiException 503 with {@code Retry-After} when the queue is full or the
	 * request's deadline passed before it was started
	 */
	public Result run(LoadedModel model, String operationName, float[] rows, int count, Shape rowShape,
			UnaryOperator<NDArray> operation) {
		Object key = (operationName == null || !this.batching.enabled()) ? new Object()
				: new BatchKey(model, operationName, rowShape);
		Pending pending = new Pending(key, model, rows, count, rowShape, operation,
				this.clock.instant().plus(this.batching.timeout()), System.nanoTime());
		enqueue(pending);
		try {
			return (Result) await(pending);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			drop(pending);
			throw new IllegalStateException("interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	private Object await(Pending pending) throws InterruptedException, ExecutionException {
		long wait = Math.max(0, Duration.between(this.clock.instant(), pending.deadline).toMillis());
		try {
			return pending.future.get(wait + 1, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			if (drop(pending)) {
				throw deadlinePassed();
			}
			// a thread took it in time: its result is on the way
			return pending.future.get();
		}
	}

	/** Requests waiting for a thread. */
	public int queued() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void enqueue(Pending pending) {
		this.lock.lock();
		try {
			if (this.stopped) {
				throw new IllegalStateException("the inference executor is stopped");
			}
			if (this.queue.size() >= this.batching.maxQueued()) {
				throw new ApiException(ProblemType.QUEUE_FULL,
						"The inference queue is full (" + this.batching.maxQueued() + " requests waiting); retry later")
					.with("queue", "inference")
					.retryAfter(Duration.ofSeconds(1));
			}
			this.queue.addLast(pending);
			this.changed.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean drop(Pending pending) {
		if (!pending.state.compareAndSet(QUEUED, DROPPED)) {
			return false;
		}
		this.lock.lock();
		try {
			this.queue.remove(pending);
		}
		finally {
			this.lock.unlock();
		}
		return true;
	}

	private ApiException deadlinePassed() {
		return new ApiException(ProblemType.QUEUE_FULL,
				"The request waited longer than its deadline (" + this.batching.timeout()
						+ ") for an inference thread and was dropped before it was computed")
			.with("queue", "inference")
			.retryAfter(Duration.ofSeconds(1));
	}

	private void serve() {
		boolean gradOff = false;
		while (!this.stopped) {
			List<Pending> group;
			try {
				group = next();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (group == null) {
				return;
			}
			if (!gradOff) {
				// on in every new thread; here, not at start, so the engine loads lazily
				ai.djl.pytorch.jni.JniUtils.setGradMode(false);
				gradOff = true;
			}
			execute(group);
		}
	}

	/**
	 * Takes the next dispatch: the oldest request and the later ones with its key, up to
	 * the row limit; drops requests past their deadline on the way.
	 */
	private List<Pending> next() throws InterruptedException {
		this.lock.lock();
		try {
			while (true) {
				dropExpired();
				if (this.stopped) {
					return null;
				}
				Pending first = this.queue.peekFirst();
				if (first == null) {
					this.changed.await();
					continue;
				}
				long delay = first.arrivalNanos + this.batching.maxDelay().toNanos() - System.nanoTime();
				if (delay > 0 && first.key instanceof BatchKey
						&& waitingRows(first.key) < this.batching.maxBatchSize()) {
					this.changed.awaitNanos(delay);
					continue;
				}
				return take(first.key);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void dropExpired() {
		Instant now = this.clock.instant();
		Iterator<Pending> it = this.queue.iterator();
		while (it.hasNext()) {
			Pending pending = it.next();
			if (pending.state.get() != QUEUED) {
				it.remove();
			}
			else if (now.isAfter(pending.deadline) && pending.state.compareAndSet(QUEUED, DROPPED)) {
				it.remove();
				pending.future.completeExceptionally(deadlinePassed());
			}
		}
	}

	private int waitingRows(Object key) {
		int rows = 0;
		for (Pending pending : this.queue) {
			if (pending.key.equals(key)) {
				rows += pending.count;
			}
		}
		return rows;
	}

	private List<Pending> take(Object key) {
		List<Pending> group = new ArrayList<>();
		int rows = 0;
		Iterator<Pending> it = this.queue.iterator();
		while (it.hasNext()) {
			Pending pending = it.next();
			if (!pending.key.equals(key)) {
				continue;
			}
			if (!group.isEmpty() && rows + pending.count > this.batching.maxBatchSize()) {
				break;
			}
			it.remove();
			if (pending.state.compareAndSet(QUEUED, RUNNING)) {
				group.add(pending);
				rows += pending.count;
			}
		}
		return group;
	}

	private void execute(List<Pending> group) {
		if (group.isEmpty()) {
			return;
		}
		Pending first = group.get(0);
		if (first.task != null) {
			// a task is keyed by itself, so it is always alone in its dispatch
			try {
				first.future.complete(first.task.call());
			}
			catch (Exception | Error ex) {
				first.future.completeExceptionally(ex);
			}
			finally {
				this.latency.record(System.nanoTime() - first.arrivalNanos, TimeUnit.NANOSECONDS);
			}
			return;
		}
		int rowSize = Math.toIntExact(first.rowShape.size());
		int total = 0;
		for (Pending pending : group) {
			total += pending.count;
		}
		this.dispatchRows.record(total);
		try {
			float[] inputs;
			if (group.size() == 1) {
				inputs = first.rows;
			}
			else {
				inputs = new float[total * rowSize];
				int offset = 0;
				for (Pending pending : group) {
					System.arraycopy(pending.rows, 0, inputs, offset, pending.count * rowSize);
					offset += pending.count * rowSize;
				}
			}
			Result all = PaddedBatches.run(first.model, inputs, total, first.rowShape, first.operation, this.batchSize);
			int outputRowSize = Math.toIntExact(all.rowShape().size());
			int start = 0;
			for (Pending pending : group) {
				float[] own = new float[pending.count * outputRowSize];
				System.arraycopy(all.values(), start * outputRowSize, own, 0, own.length);
				start += pending.count;
				this.latency.record(System.nanoTime() - pending.arrivalNanos, TimeUnit.NANOSECONDS);
				pending.future.complete(new Result(own, pending.count, all.rowShape()));
			}
		}
		catch (RuntimeException | Error ex) {
			group.forEach((pending) -> pending.future.completeExceptionally(ex));
		}
	}

	/** What merges requests: the same loaded model, operation and row shape. */
	private record BatchKey(LoadedModel model, String operation, Shape rowShape) {

		@Override
		public boolean equals(Object other) {
			return other instanceof BatchKey key && key.model == this.model && key.operation.equals(this.operation)
					&& key.rowShape.equals(this.rowShape);
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.model) * 31 + this.operation.hashCode();
		}

	}

	private static final class Pending {

		final Object key;

		final LoadedModel model;

		final float[] rows;

		final int count;

		final Shape rowShape;

		final UnaryOperator<NDArray> operation;

		final Instant deadline;

		final long arrivalNanos;

		final AtomicInteger state = new AtomicInteger(QUEUED);

		final CompletableFuture<Object> future = new CompletableFuture<>();

		final Callable<?> task;

		Pending(Object key, LoadedModel model, float[] rows, int count, Shape rowShape,
				UnaryOperator<NDArray> operation, Instant deadline, long arrivalNanos) {
			this(key, model, rows, count, rowShape, operation, deadline, arrivalNanos, null);
		}

		Pending(Object key, LoadedModel model, float[] rows, int count, Shape rowShape,
				UnaryOperator<NDArray> operation, Instant deadline, long arrivalNanos, Callable<?> task) {
			this.task = task;
			this.key = key;
			this.model = model;
			this.rows = rows;
			this.count = count;
			this.rowShape = rowShape;
			this.operation = operation;
			this.deadline = deadline;
			this.arrivalNanos = arrivalNanos;
		}

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
	 * manager and closes them. It waits in the same bounded queue as row requests (503
	 * when the queue is full or its deadline passes before a thread takes it) and always
	 * runs alone.
	 * @param task the task
	 * @return its result
	 */
	@SuppressWarnings("unchecked")
	public <T> T call(Callable<T> task) {
		Pending pending = new Pending(new Object(), null, null, 0, null, null,
				this.clock.instant().plus(this.batching.timeout()), System.nanoTime(), task);
		enqueue(pending);
		try {
			return (T) await(pending);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			drop(pending);
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
		this.lock.lock();
		try {
			this.stopped = true;
			for (Pending pending : this.queue) {
				if (pending.state.compareAndSet(QUEUED, DROPPED)) {
					pending.future.completeExceptionally(new IllegalStateException("the service is stopping"));
				}
			}
			this.queue.clear();
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		this.threads.forEach(Thread::interrupt);
	}

}
