package dev.latentforge.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How this node schedules and runs training jobs.
 *
 * @param workerSlots jobs this node trains at once, each in its own worker process
 * (db-scheduler's threads); 0 makes an API-only node that schedules but never trains
 * @param maxAttempts attempts per job before a crashing worker fails it (a NaN loss or
 * bad data fails at once)
 * @param heartbeatInterval how often the node records that it is alive and reads cancel
 * flags
 * @param missedHeartbeats missed heartbeats after which a node is presumed dead and its
 * jobs revived
 * @param pollingInterval how often the node looks for due jobs
 * @param watchdogTimeout a worker that reports nothing for this long is killed (and
 * retried)
 * @param cancelGrace after a cancel, how long a worker may take to checkpoint before it
 * is killed
 * @param shutdownGrace on shutdown, how long a worker may take to checkpoint before it is
 * killed
 * @param shutdownMaxWait how long shutdown waits for running jobs; must exceed the
 * shutdown grace plus a checkpoint write
 * @param retryDelay delay before a crashed worker's job is retried
 * @param maxQueued the most jobs queued across the deployment; more gets 503
 * @param workerThreads libtorch intra-op threads per worker; 0 = (cores − inference
 * threads) / slots, at least 1
 * @param workerHeap the worker JVM's maximum heap
 * @param workerNice the niceness workers run at (0 disables {@code nice}), so they never
 * starve the node's heartbeats
 * @param javaCommand the java executable for workers; default: this JVM's
 * @param nodeName this node's name in the scheduler table and job history; default host
 * and pid
 */
@ConfigurationProperties("latentforge.jobs")
public record JobsProperties(@DefaultValue("1") int workerSlots, @DefaultValue("3") int maxAttempts,
		@DefaultValue("10s") Duration heartbeatInterval, @DefaultValue("6") int missedHeartbeats,
		@DefaultValue("2s") Duration pollingInterval, @DefaultValue("10m") Duration watchdogTimeout,
		@DefaultValue("30s") Duration cancelGrace, @DefaultValue("45s") Duration shutdownGrace,
		@DefaultValue("75s") Duration shutdownMaxWait, @DefaultValue("5s") Duration retryDelay,
		@DefaultValue("1000") int maxQueued, @DefaultValue("0") int workerThreads,
		@DefaultValue("2GB") DataSize workerHeap, @DefaultValue("10") int workerNice, String javaCommand,
		String nodeName) {

	public JobsProperties {
		if (workerSlots < 0) {
			throw new IllegalArgumentException("latentforge.jobs.worker-slots must be 0 or more");
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("latentforge.jobs.max-attempts must be at least 1");
		}
		if (shutdownMaxWait.compareTo(shutdownGrace.plusSeconds(5)) < 0) {
			throw new IllegalArgumentException("latentforge.jobs.shutdown-max-wait (" + shutdownMaxWait
					+ ") must exceed shutdown-grace (" + shutdownGrace + ") plus a checkpoint write (5s)");
		}
	}

	/** The heartbeat age after which a node is presumed dead. */
	public Duration deadAfter() {
		return this.heartbeatInterval.multipliedBy(this.missedHeartbeats);
	}

}
