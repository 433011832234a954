package dev.latentforge.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.latentforge.models.JobSpec;

/**
 * A job as the API shows it.
 *
 * @param id the job id (also the id of the model it trains)
 * @param owner the owner whose callers see it
 * @param name its name
 * @param status its status
 * @param dataset the data set it trains on, as recorded at submission
 * @param spec the resolved specification (every default filled in)
 * @param priority its priority
 * @param device the requested device, the device it ran on and the thread count
 * @param attempts how many attempts have started
 * @param progress where the run stands
 * @param latestMetrics the latest value of every metric
 * @param latestCheckpointId the latest committed checkpoint
 * @param bestCheckpointId the best checkpoint by the family's quality metric
 * @param failureReason why it failed, if it did
 * @param runningSeconds running time over all attempts (excluding the current one)
 * @param createdAt when it was submitted
 * @param updatedAt when its status last changed
 * @param startedAt when the current or last attempt started
 * @param finishedAt when it finished
 * @param history every status change
 */
public record JobResponse(String id, String owner, String name, JobStatus status, DatasetRef dataset, JobSpec spec,
		int priority, DeviceInfo device, int attempts, Progress progress, Map<String, Double> latestMetrics,
		String latestCheckpointId, String bestCheckpointId, String failureReason, double runningSeconds,
		Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt, List<Transition> history) {

	/**
	 * The data set a job uses.
	 *
	 * @param id its id
	 * @param sha256 its data hash at submission
	 * @param version its version
	 */
	public record DatasetRef(String id, String sha256, int version) {
	}

	/**
	 * Where a job runs.
	 *
	 * @param requested what was asked for
	 * @param actual the device of the latest attempt
	 * @param threads its intra-op threads
	 */
	public record DeviceInfo(String requested, String actual, Integer threads) {
	}

	/**
	 * Progress of the run.
	 *
	 * @param step steps done
	 * @param total steps in all
	 * @param epoch the 0-based epoch
	 * @param phase what it is doing
	 * @param stepsPerSecond recent speed
	 * @param etaSeconds estimated time left
	 */
	public record Progress(long step, long total, int epoch, String phase, Double stepsPerSecond, Double etaSeconds) {
	}

	/**
	 * One status change.
	 *
	 * @param from the previous status
	 * @param to the new status
	 * @param attempt the attempt at the time
	 * @param reason why
	 * @param node the node involved
	 * @param at when (UTC)
	 */
	public record Transition(JobStatus from, JobStatus to, int attempt, String reason, String node, Instant at) {
	}

}
