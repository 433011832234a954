package dev.latentforge.jobs;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A job's state, with the one table of allowed transitions:
 *
 * <pre>
 * QUEUED     → RUNNING | CANCELLED
 * RUNNING    → SUCCEEDED | FAILED | CANCELLED | CANCELLING | QUEUED (revived, retried or re-queued on shutdown)
 * CANCELLING → CANCELLED | SUCCEEDED | FAILED (the run ended before the cancel reached it)
 * FAILED     → QUEUED (resume)
 * CANCELLED  → QUEUED (resume)
 * SUCCEEDED  → (none)
 * </pre>
 */
public enum JobStatus {

	QUEUED, RUNNING, CANCELLING, SUCCEEDED, FAILED, CANCELLED;

	private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(QUEUED, EnumSet.of(RUNNING, CANCELLED),
			RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, CANCELLING, QUEUED), CANCELLING,
			EnumSet.of(CANCELLED, SUCCEEDED, FAILED), FAILED, EnumSet.of(QUEUED), CANCELLED, EnumSet.of(QUEUED),
			SUCCEEDED, EnumSet.noneOf(JobStatus.class));

	public boolean canMoveTo(JobStatus target) {
		return ALLOWED.get(this).contains(target);
	}

	/** Whether the job has ended (it may still be resumed from FAILED or CANCELLED). */
	public boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

	public static Set<JobStatus> allowedFrom(JobStatus from) {
		return ALLOWED.get(from);
	}

}
