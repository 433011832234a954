package dev.latentforge.jobs;

import java.util.EnumSet;

import dev.latentforge.datasets.DatasetUsage;

import org.springframework.stereotype.Component;

/**
 * A data set is in use while a job that trains on it is queued, running or being
 * cancelled.
 */
@Component
class JobDatasetUsage implements DatasetUsage {

	private final TrainingJobRepository jobs;

	JobDatasetUsage(TrainingJobRepository jobs) {
		this.jobs = jobs;
	}

	@Override
	public boolean inUseByUnfinishedJob(String datasetId) {
		return this.jobs.existsByDatasetIdAndStatusIn(datasetId,
				EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLING));
	}

}
