package dev.latentforge.jobs;

import java.nio.file.Path;

/**
 * What a node needs to run a new attempt of a job.
 *
 * @param jobId the job
 * @param attempt the attempt number (fencing token)
 * @param family the model family
 * @param specJson the resolved job specification
 * @param datasetId the data set
 * @param datasetSha256 its hash, as recorded at submission
 * @param datasetVersion its version
 * @param device the requested device
 * @param resumeFrom the latest committed checkpoint's directory, or {@code null}
 * @param resumeStep its step, 0 without one
 * @param budgetedMillis running time counted against the wall-time budget so far
 * @param threads the intra-op threads earlier attempts trained with, or {@code null}: a
 * resumed attempt uses the same count, so that it continues the run bit for bit
 */
public record AttemptStart(String jobId, int attempt, String family, String specJson, String datasetId,
		String datasetSha256, int datasetVersion, String device, Path resumeFrom, long resumeStep, long budgetedMillis,
		Integer threads) {
}
