package dev.latentforge.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-owner quotas. Going over one answers 429 with {@code Retry-After} and a problem
 * that names the quota, except the concurrent-jobs quota, which holds further jobs in the
 * queue.
 *
 * @param maxQueuedJobs jobs an owner may have waiting in the queue
 * @param maxConcurrentJobs jobs of one owner that train at once; more wait in the queue
 * @param maxDatasetBytes bytes of uploaded data sets an owner may store
 * @param generationRequestsPerSecond inference requests (reconstruct, encode, decode,
 * generate) per second and owner, on each node, with bursts of up to twice that
 */
@ConfigurationProperties("latentforge.quotas")
public record QuotaProperties(@DefaultValue("50") int maxQueuedJobs, @DefaultValue("2") int maxConcurrentJobs,
		@DefaultValue("20GB") DataSize maxDatasetBytes, @DefaultValue("20") double generationRequestsPerSecond) {

	public QuotaProperties {
		if (maxQueuedJobs < 1 || maxConcurrentJobs < 1 || generationRequestsPerSecond <= 0) {
			throw new IllegalArgumentException("latentforge.quotas.* must be positive");
		}
	}

}
