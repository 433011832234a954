package dev.latentforge.ops;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.jobs.JobStatus;
import dev.latentforge.jobs.TrainingJobRepository.StatusTally;

/**
 * A snapshot of the jobs across the deployment: how many are in each status, and the
 * summed training speed of the running ones.
 *
 * @param jobs jobs per status, every status present; empty when not read yet
 * @param stepsPerSecond the sum of the RUNNING jobs' last reported steps per second
 */
record JobCounts(Map<JobStatus, Long> jobs, double stepsPerSecond) {

	/** Before the first read: every gauge is NaN rather than a made-up zero. */
	static final JobCounts UNKNOWN = new JobCounts(Map.of(), Double.NaN);

	static JobCounts of(List<StatusTally> tallies) {
		Map<JobStatus, Long> jobs = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			jobs.put(status, 0L);
		}
		double stepsPerSecond = 0;
		for (StatusTally tally : tallies) {
			jobs.put(tally.getStatus(), tally.getJobs());
			if (tally.getStatus() == JobStatus.RUNNING && tally.getStepsPerSecond() != null) {
				stepsPerSecond = tally.getStepsPerSecond();
			}
		}
		return new JobCounts(Map.copyOf(jobs), stepsPerSecond);
	}

	double count(JobStatus status) {
		Long count = this.jobs.get(status);
		return (count != null) ? count : Double.NaN;
	}

}
