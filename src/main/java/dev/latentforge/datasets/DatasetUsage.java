package dev.latentforge.datasets;

/**
 * Tells the data sets feature whether a data set is still needed by training, so that it
 * is not deleted from under a job. Implemented by the jobs feature.
 */
public interface DatasetUsage {

	/**
	 * Whether a job that has not finished (queued, running, cancelling, or resumable)
	 * uses the data set.
	 * @param datasetId the data set id
	 * @return {@code true} if deleting it now would break a job
	 */
	boolean inUseByUnfinishedJob(String datasetId);

}
