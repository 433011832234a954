package dev.latentforge.generation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.models.LoadedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inference cache: bounded by bytes, loading outside its lock, once per checkpoint
 * however many requests wait for it.
 */
class ModelCacheTests {

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

	private final Map<String, Boolean> closed = new ConcurrentHashMap<>();

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
	}

	private static Checkpoint checkpoint(String id) {
		return new Checkpoint(id, "job-" + id, 1, 1, "p", 1, "sha", 1, "{}", null, Instant.EPOCH);
	}

	private ModelCache.Entry entry(Checkpoint checkpoint, long bytes) {
		this.loads.computeIfAbsent(checkpoint.getId(), (id) -> new AtomicInteger()).incrementAndGet();
		String id = checkpoint.getId();
		LoadedModel model = new LoadedModel() {
			@Override
			public NDManager manager() {
				return null;
			}

			@Override
			public void close() {
				ModelCacheTests.this.closed.put(id, true);
			}
		};
		return new ModelCache.Entry(checkpoint.getJobId(), model, "cpu", bytes);
	}

	@Test
	void evictsLeastRecentlyUsedByBytesButNeverUnderALease() {
		ModelCache cache = new ModelCache(10, 300, (c) -> entry(c, 100));
		cache.lease(checkpoint("a")).close();
		cache.lease(checkpoint("b")).close();
		ModelCache.Lease c = cache.lease(checkpoint("c"));
		cache.lease(checkpoint("a")).close(); // a is now more recent than b
		assertThat(cache.bytes()).isEqualTo(300);
		ModelCache.Lease d = cache.lease(checkpoint("d"));
		assertThat(cache.size()).isEqualTo(3);
		assertThat(cache.bytes()).isEqualTo(300);
		assertThat(this.closed).containsOnlyKeys("b");
		cache.lease(checkpoint("e")).close();
		cache.lease(checkpoint("f")).close();
		// c and then a were evicted; c is leased, so it is closed only when its lease
		// ends
		assertThat(this.closed).containsOnlyKeys("a", "b");
		c.close();
		assertThat(this.closed).containsOnlyKeys("a", "b", "c");
		d.close();
		assertThat(cache.bytes()).isEqualTo(300);
	}

	@Test
	void aModelLargerThanTheBoundIsStillServed() {
		ModelCache cache = new ModelCache(10, 100, (c) -> entry(c, 500));
		try (ModelCache.Lease lease = cache.lease(checkpoint("big"))) {
			assertThat(lease.device()).isEqualTo("cpu");
		}
		assertThat(cache.size()).isEqualTo(1);
		cache.lease(checkpoint("bigger")).close();
		assertThat(cache.size()).isEqualTo(1);
		assertThat(this.closed).containsOnlyKeys("big");
	}

	@Test
	void loadsOutsideTheLockAndOncePerCheckpoint() throws Exception {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ModelCache cache = new ModelCache(10, 1_000_000, (c) -> {
			if (c.getId().equals("slow")) {
				loading.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return entry(c, 10);
		});
		cache.lease(checkpoint("fast")).close();
		List<CompletableFuture<String>> slow = java.util.stream.IntStream.range(0, 4)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> {
				try (ModelCache.Lease lease = cache.lease(checkpoint("slow"))) {
					return lease.device();
				}
			}, this.callers))
			.toList();
		assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
		// while "slow" loads, a loaded model is served at once
		CompletableFuture<String> fast = CompletableFuture.supplyAsync(() -> {
			try (ModelCache.Lease lease = cache.lease(checkpoint("fast"))) {
				return lease.device();
			}
		}, this.callers);
		assertThat(fast.get(30, TimeUnit.SECONDS)).isEqualTo("cpu");
		assertThat(slow).noneMatch(CompletableFuture::isDone);
		release.countDown();
		for (CompletableFuture<String> future : slow) {
			assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo("cpu");
		}
		assertThat(this.loads.get("slow")).hasValue(1);
		assertThat(this.loads.get("fast")).hasValue(1);
	}

	@Test
	void aFailedLoadFailsItsWaitersAndIsRetriedByTheNextRequest() {
		AtomicInteger attempts = new AtomicInteger();
		ModelCache cache = new ModelCache(10, 1000, (c) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("disk hiccup");
			}
			return entry(c, 10);
		});
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> cache.lease(checkpoint("x")))
			.hasMessage("disk hiccup");
		cache.lease(checkpoint("x")).close();
		assertThat(cache.size()).isEqualTo(1);
	}

}
