package dev.latentforge.jobs.scheduling;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.latentforge.jobs.JobsProperties;
import dev.latentforge.jobs.worker.WorkerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a worker until it exits: forwards the node's shutdown
 * ({@code checkpoint-and-exit}) and the job's cancel flag (read at least every heartbeat,
 * and at most every 2 s), kills the worker when a grace period runs out or when it
 * reports nothing for the watchdog timeout.
 */
final class Supervision {

	private static final Logger log = LoggerFactory.getLogger(Supervision.class);

	private final WorkerProcess worker;

	private final JobsProperties properties;

	private boolean shutdownSent;

	private boolean cancelSent;

	private boolean killedAfterGrace;

	private boolean watchdogFired;

	Supervision(WorkerProcess worker, JobsProperties properties) {
		this.worker = worker;
		this.properties = properties;
	}

	/**
	 * Waits for the worker to exit.
	 * @param shuttingDown whether this node is shutting down
	 * @param cancelRequested whether the job's cancel flag is set
	 * @return the worker's exit status
	 */
	int await(BooleanSupplier shuttingDown, BooleanSupplier cancelRequested) throws InterruptedException {
		long poll = Math.max(50, Math.min(500, this.properties.heartbeatInterval().toMillis()));
		long cancelCheckNanos = Math.min(this.properties.heartbeatInterval().toNanos(),
				Duration.ofSeconds(2).toNanos());
		long nextCancelCheck = System.nanoTime();
		Long killAt = null;
		while (true) {
			int exit = this.worker.awaitExit(poll);
			if (exit >= 0) {
				return exit;
			}
			long now = System.nanoTime();
			if (!this.shutdownSent && shuttingDown.getAsBoolean()) {
				this.shutdownSent = true;
				this.worker.send(WorkerMessage.COMMAND_CHECKPOINT_AND_EXIT);
				killAt = earliest(killAt, now + this.properties.shutdownGrace().toNanos());
			}
			if (!this.cancelSent && now >= nextCancelCheck) {
				nextCancelCheck = now + cancelCheckNanos;
				if (cancelRequested.getAsBoolean()) {
					this.cancelSent = true;
					this.worker.send(WorkerMessage.COMMAND_CANCEL);
					killAt = earliest(killAt, now + this.properties.cancelGrace().toNanos());
				}
			}
			if (killAt != null && now > killAt && !this.killedAfterGrace) {
				log.warn("Worker pid {} did not stop within its grace period; killing it", this.worker.pid());
				this.killedAfterGrace = true;
				this.worker.kill();
			}
			if (!this.watchdogFired
					&& this.worker.nanosSinceLastMessage() > this.properties.watchdogTimeout().toNanos()) {
				log.warn("Worker pid {} reported nothing for {}; killing it", this.worker.pid(),
						this.properties.watchdogTimeout());
				this.watchdogFired = true;
				this.worker.kill();
			}
		}
	}

	private static Long earliest(Long current, long candidate) {
		return current == null ? candidate : Math.min(current, candidate);
	}

	boolean shutdownSent() {
		return this.shutdownSent;
	}

	boolean cancelSent() {
		return this.cancelSent;
	}

	boolean killedAfterGrace() {
		return this.killedAfterGrace;
	}

	boolean watchdogFired() {
		return this.watchdogFired;
	}

	Duration watchdogTimeout() {
		return this.properties.watchdogTimeout();
	}

}
