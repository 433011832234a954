package dev.latentforge.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;

import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Checks an owner's quotas. The features pass the counts they know (queued jobs, stored
 * bytes); the generation rate is a token bucket per owner on this node.
 */
@Component
public class Quotas {

	private final QuotaProperties properties;

	private final Map<String, TokenBucket> generation = new ConcurrentHashMap<>();

	public Quotas(QuotaProperties properties) {
		this.properties = properties;
	}

	/** Refuses another queued job when the owner already has its quota queued. */
	public void checkQueuedJobs(String owner, long queued) {
		if (queued >= this.properties.maxQueuedJobs()) {
			throw exceeded("queued-jobs",
					owner + " already has " + queued + " queued jobs; the quota is " + this.properties.maxQueuedJobs(),
					this.properties.maxQueuedJobs(), Duration.ofSeconds(30));
		}
	}

	/** Refuses an upload that would take the owner's stored data sets past its quota. */
	public void checkDatasetBytes(String owner, long stored, long adding) {
		long limit = this.properties.maxDatasetBytes().toBytes();
		if (stored + adding > limit) {
			throw exceeded("dataset-bytes",
					"storing " + DataSize.ofBytes(adding).toMegabytes() + " MB more would take " + owner
							+ "'s data sets to " + DataSize.ofBytes(stored + adding).toMegabytes()
							+ " MB; the quota is " + this.properties.maxDatasetBytes().toMegabytes()
							+ " MB (delete data sets to make room)",
					limit, Duration.ofMinutes(10));
		}
	}

	/** Whether an owner with this many running jobs may start another. */
	public boolean mayStartAnother(long running) {
		return running < this.properties.maxConcurrentJobs();
	}

	public int maxConcurrentJobs() {
		return this.properties.maxConcurrentJobs();
	}

	/**
	 * Takes one inference request from the owner's budget, or refuses it with the wait.
	 */
	public void acquireGeneration(Caller caller) {
		double rate = this.properties.generationRequestsPerSecond();
		TokenBucket bucket = this.generation.computeIfAbsent(caller.owner(),
				(owner) -> new TokenBucket(rate, 2 * rate));
		long waitNanos = bucket.tryTake(System.nanoTime());
		if (waitNanos > 0) {
			throw exceeded("generation-requests-per-second",
					caller.owner() + " sends more than " + rate + " inference requests per second", rate,
					Duration.ofNanos(waitNanos));
		}
	}

	private static ApiException exceeded(String quota, String detail, Object limit, Duration retryAfter) {
		return new ApiException(ProblemType.TOO_MANY_REQUESTS, "Quota '" + quota + "' exceeded: " + detail)
			.with("quota", quota)
			.with("limit", limit)
			.retryAfter(retryAfter);
	}

	/**
	 * A token bucket: {@code rate} tokens per second, holding at most {@code capacity}.
	 */
	static final class TokenBucket {

		private final double rate;

		private final double capacity;

		private double tokens;

		private long last = System.nanoTime();

		TokenBucket(double rate, double capacity) {
			this.rate = rate;
			this.capacity = capacity;
			this.tokens = capacity;
		}

		/** Takes a token; returns 0, or the nanoseconds until one is available. */
		synchronized long tryTake(long now) {
			this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.rate / 1e9);
			this.last = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return (long) Math.ceil((1 - this.tokens) / this.rate * 1e9);
		}

	}

}
