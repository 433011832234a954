package dev.latentforge.jobs.scheduling;

import java.time.Clock;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import dev.latentforge.jobs.JobLifecycle;

/** What becomes of a job's db-scheduler execution after an attempt. */
final class Outcomes {

	private Outcomes() {
	}

	/**
	 * The attempt is over and the job needs no further run: drop the execution, unless
	 * the job was resumed meanwhile (its resume found this execution still present and
	 * scheduled nothing).
	 * @param lifecycle reads the job's status
	 * @param jobId the job
	 * @param clock the clock
	 * @return the completion handler
	 */
	static CompletionHandler<Void> finished(JobLifecycle lifecycle, String jobId, Clock clock) {
		return (complete, operations) -> {
			if (lifecycle.isQueued(jobId)) {
				operations.reschedule(complete, clock.instant());
			}
			else {
				operations.remove();
			}
		};
	}

	/** The job goes back to the queue: run the execution again at the given time. */
	static CompletionHandler<Void> rescheduleAt(Instant when) {
		return (complete, operations) -> operations.reschedule(complete, when);
	}

}
