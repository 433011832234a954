package dev.latentforge.datasets;

/**
 * Tells whether a data set is in use by a job that has not finished (it cannot be deleted
 * then).
 */
public interface DatasetUsage {

	boolean inUseByUnfinishedJob(String datasetId);

}
