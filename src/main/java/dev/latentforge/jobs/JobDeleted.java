package dev.latentforge.jobs;

/**
 * A job and its files were deleted (caches of its models must let go of them).
 *
 * @param jobId the job
 */
public record JobDeleted(String jobId) {
}
