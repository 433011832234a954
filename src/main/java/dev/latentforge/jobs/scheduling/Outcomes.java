package dev.latentforge.jobs.scheduling;

import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;

/** What becomes of a job's db-scheduler execution after an attempt. */
final class Outcomes {

	private Outcomes() {
	}

	/** The job ended (or there was nothing to do): drop the execution. */
	static CompletionHandler<Void> remove() {
		return (complete, operations) -> operations.remove();
	}

	/** The job goes back to the queue: run the execution again at the given time. */
	static CompletionHandler<Void> rescheduleAt(Instant when) {
		return (complete, operations) -> operations.reschedule(complete, when);
	}

}
