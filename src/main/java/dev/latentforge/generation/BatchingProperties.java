package dev.latentforge.generation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dynamic batching of inference requests: concurrent requests for the same loaded model
 * (checkpoint) and operation are merged into one dispatch, run in forward passes of the
 * fixed {@code latentforge.generation.batch-size}, and each caller gets exactly its own
 * rows back.
 *
 * @param enabled merge concurrent requests ({@code false}: each request is dispatched on
 * its own, still through the bounded queue)
 * @param maxBatchSize the most rows merged into one dispatch (a request larger than this
 * is dispatched alone, never split)
 * @param maxDelay how long the oldest waiting request may be held for more requests to
 * join its dispatch ({@code 0}: dispatch whatever is waiting when a thread is free)
 * @param maxQueued the most requests waiting for an inference thread; more get 503 with
 * {@code Retry-After}
 * @param timeout a request's deadline, counted from its arrival at the queue; a request
 * not started by then is dropped before it is computed and gets 503
 */
@ConfigurationProperties("latentforge.generation.batching")
public record BatchingProperties(@DefaultValue("true") boolean enabled, @DefaultValue("32") int maxBatchSize,
		@DefaultValue("2ms") Duration maxDelay, @DefaultValue("256") int maxQueued,
		@DefaultValue("30s") Duration timeout) {

	public BatchingProperties {
		if (maxBatchSize < 1 || maxQueued < 1) {
			throw new IllegalArgumentException(
					"latentforge.generation.batching.max-batch-size and max-queued must be at least 1");
		}
		if (maxDelay.isNegative() || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException(
					"latentforge.generation.batching.max-delay must be >= 0 and timeout > 0");
		}
	}

	/** The defaults. */
	public static BatchingProperties defaults() {
		return new BatchingProperties(true, 32, Duration.ofMillis(2), 256, Duration.ofSeconds(30));
	}

}
