package dev.latentforge.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Dynamic batching: merged requests get exactly their own rows, bit-equal to running each
 * alone; the queue is bounded; a request past its deadline is never computed. The single
 * inference thread is held on a latch while requests queue up, so what merges is decided
 * by the test, not by timing.
 */
class InferenceExecutorTests {

	private static final int IN = 784;

	private static final int OUT = 64;

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private NDManager manager;

	private LoadedModel model;

	private NDArray weights;

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch blocking = new CountDownLatch(1);

	@BeforeEach
	void model() {
		this.manager = NDManager.newBaseManager();
		Random random = new Random(3);
		float[] w = new float[IN * OUT];
		for (int i = 0; i < w.length; i++) {
			w[i] = (float) random.nextGaussian();
		}
		this.weights = this.manager.create(w, new Shape(IN, OUT));
		NDManager owned = this.manager;
		this.model = new LoadedModel() {
			@Override
			public NDManager manager() {
				return owned;
			}

			@Override
			public void close() {
			}
		};
	}

	@AfterEach
	void close() {
		this.release.countDown();
		this.callers.shutdownNow();
		this.manager.close();
	}

	private InferenceExecutor executor(BatchingProperties batching, Clock clock) {
		return new InferenceExecutor(new GenerationProperties(1, 32, 256, 4), batching, new SimpleMeterRegistry(),
				clock);
	}

	private static BatchingProperties batching(boolean enabled, int maxQueued) {
		return new BatchingProperties(enabled, 32, Duration.ZERO, maxQueued, Duration.ofSeconds(10));
	}

	/** The function under test: a dense layer and a sigmoid, counting forward passes. */
	private UnaryOperator<NDArray> layer(AtomicInteger passes) {
		return (x) -> {
			passes.incrementAndGet();
			return x.matMul(this.weights).getNDArrayInternal().sigmoid();
		};
	}

	/** Occupies the only inference thread until {@link #release} opens. */
	private CompletableFuture<InferenceExecutor.Result> block(InferenceExecutor executor) {
		CompletableFuture<InferenceExecutor.Result> blocked = CompletableFuture
			.supplyAsync(() -> executor.run(this.model, "block", new float[IN], 1, new Shape(IN), (x) -> {
				this.blocking.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return x;
			}), this.callers);
		try {
			assertThat(this.blocking.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
		return blocked;
	}

	private static float[] rows(int count, long seed) {
		Random random = new Random(seed);
		float[] rows = new float[count * IN];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = random.nextFloat() * 2 - 1;
		}
		return rows;
	}

	@Test
	void mergedRequestsGetExactlyTheirOwnRowsBitEqualToUnbatched() throws Exception {
		InferenceExecutor executor = executor(batching(true, 64), Clock.systemUTC());
		CompletableFuture<InferenceExecutor.Result> blocked = block(executor);
		int[] counts = { 1, 3, 2, 5, 1, 7, 17, 9, 20 };
		AtomicInteger passes = new AtomicInteger();
		List<CompletableFuture<InferenceExecutor.Result>> results = new ArrayList<>();
		for (int i = 0; i < counts.length; i++) {
			float[] input = rows(counts[i], i);
			int count = counts[i];
			results.add(CompletableFuture.supplyAsync(
					() -> executor.run(this.model, "layer", input, count, new Shape(IN), layer(passes)), this.callers));
			int queued = i + 1;
			await().atMost(Duration.ofSeconds(30)).until(() -> executor.queued() == queued);
		}
		this.release.countDown();
		blocked.get(30, TimeUnit.SECONDS);
		// 65 rows in dispatches of at most 32 (19, 26, 20): 3 padded passes of 32 (alone:
		// 9)
		for (int i = 0; i < counts.length; i++) {
			InferenceExecutor.Result merged = results.get(i).get(30, TimeUnit.SECONDS);
			InferenceExecutor.Result alone = PaddedBatches.run(this.model, rows(counts[i], i), counts[i], new Shape(IN),
					layer(new AtomicInteger()), 32);
			assertThat(merged.count()).isEqualTo(counts[i]);
			assertThat(merged.shape()).containsExactly(counts[i], OUT);
			assertThat(merged.values()).containsExactly(alone.values());
		}
		assertThat(passes).hasValue(3);
		executor.stop();
	}

	@Test
	void unnamedOperationsAndDisabledBatchingNeverMerge() throws Exception {
		for (boolean enabled : new boolean[] { true, false }) {
			InferenceExecutor executor = executor(batching(enabled, 64), Clock.systemUTC());
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch started = new CountDownLatch(1);
			CompletableFuture<InferenceExecutor.Result> blocked = CompletableFuture
				.supplyAsync(() -> executor.run(this.model, new float[IN], 1, new Shape(IN), (x) -> {
					started.countDown();
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return x;
				}), this.callers);
			assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
			AtomicInteger passes = new AtomicInteger();
			List<CompletableFuture<InferenceExecutor.Result>> results = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				float[] input = rows(1, i);
				// named only when batching is on: checks both ways of not merging
				String name = enabled ? null : "layer";
				results.add(CompletableFuture.supplyAsync(
						() -> executor.run(this.model, name, input, 1, new Shape(IN), layer(passes)), this.callers));
				int queued = i + 1;
				await().atMost(Duration.ofSeconds(30)).until(() -> executor.queued() == queued);
			}
			release.countDown();
			blocked.get(30, TimeUnit.SECONDS);
			for (CompletableFuture<InferenceExecutor.Result> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS).count()).isEqualTo(1);
			}
			assertThat(passes).hasValue(3);
			executor.stop();
		}
	}

	@Test
	void aFullQueueAnswers503WithRetryAfter() throws Exception {
		InferenceExecutor executor = executor(batching(true, 2), Clock.systemUTC());
		CompletableFuture<InferenceExecutor.Result> blocked = block(executor);
		AtomicInteger passes = new AtomicInteger();
		List<CompletableFuture<InferenceExecutor.Result>> waiting = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			float[] input = rows(1, i);
			waiting.add(CompletableFuture.supplyAsync(
					() -> executor.run(this.model, "layer", input, 1, new Shape(IN), layer(passes)), this.callers));
			int queued = i + 1;
			await().atMost(Duration.ofSeconds(30)).until(() -> executor.queued() == queued);
		}
		assertThatThrownBy(() -> executor.run(this.model, "layer", rows(1, 9), 1, new Shape(IN), layer(passes)))
			.isInstanceOfSatisfying(ApiException.class, (ex) -> {
				assertThat(ex.type()).isEqualTo(ProblemType.QUEUE_FULL);
				assertThat(ex.type().status().value()).isEqualTo(503);
				assertThat(ex.retryAfter()).isPositive();
			});
		this.release.countDown();
		blocked.get(30, TimeUnit.SECONDS);
		for (CompletableFuture<InferenceExecutor.Result> result : waiting) {
			assertThat(result.get(30, TimeUnit.SECONDS).count()).isEqualTo(1);
		}
		assertThat(passes).hasValue(1);
		executor.stop();
	}

	@Test
	void aRequestPastItsDeadlineIsDroppedBeforeItIsComputed() throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		InferenceExecutor executor = executor(batching(true, 64), clock);
		CompletableFuture<InferenceExecutor.Result> blocked = block(executor);
		AtomicInteger late = new AtomicInteger();
		CompletableFuture<InferenceExecutor.Result> expired = CompletableFuture.supplyAsync(
				() -> executor.run(this.model, "late", rows(2, 1), 2, new Shape(IN), layer(late)), this.callers);
		await().atMost(Duration.ofSeconds(30)).until(() -> executor.queued() == 1);
		clock.advance(Duration.ofSeconds(11));
		AtomicInteger onTime = new AtomicInteger();
		CompletableFuture<InferenceExecutor.Result> fresh = CompletableFuture.supplyAsync(
				() -> executor.run(this.model, "fresh", rows(1, 2), 1, new Shape(IN), layer(onTime)), this.callers);
		await().atMost(Duration.ofSeconds(30)).until(() -> executor.queued() == 2);
		this.release.countDown();
		blocked.get(30, TimeUnit.SECONDS);
		assertThatThrownBy(() -> expired.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(ApiException.class, (ex) -> {
				assertThat(ex.type()).isEqualTo(ProblemType.QUEUE_FULL);
				assertThat(ex.getMessage()).contains("deadline").contains("dropped before it was computed");
				assertThat(ex.retryAfter()).isPositive();
			});
		assertThat(fresh.get(30, TimeUnit.SECONDS).count()).isEqualTo(1);
		assertThat(late).hasValue(0);
		assertThat(onTime).hasValue(1);
		executor.stop();
	}

	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
