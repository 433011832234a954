package dev.latentforge.jobs;

import java.time.Instant;

/**
 * A job changed status (published when the job is saved, in the same transaction).
 *
 * @param jobId the job
 * @param from the previous status, {@code null} on submission
 * @param to the new status
 * @param attempt the attempt number at the time
 * @param reason why
 * @param node the node involved, if any
 * @param at when
 */
public record JobTransitioned(String jobId, JobStatus from, JobStatus to, int attempt, String reason, String node,
		Instant at) {
}
