package dev.latentforge.jobs;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.QualityMetric;
import dev.latentforge.security.Quotas;
import jakarta.persistence.OptimisticLockException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The node's side of a job's lifecycle: starting attempts, recording what workers report,
 * and ending attempts. Every write from an attempt is fenced by its attempt number, so an
 * attempt that lost the job (its node was presumed dead) changes nothing. Status changes
 * retry on optimistic lock conflicts (a client's cancel can race a worker's end).
 */
@Service
public class JobLifecycle {

	private final TrainingJobRepository jobs;

	private final JobEvents events;

	private final MetricStore metrics;

	private final CheckpointService checkpoints;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	private final Quotas quotas;

	public JobLifecycle(TrainingJobRepository jobs, JobEvents events, MetricStore metrics,
			CheckpointService checkpoints, TransactionTemplate transactions, JsonMapper json, Quotas quotas,
			Clock clock) {
		this.jobs = jobs;
		this.events = events;
		this.metrics = metrics;
		this.checkpoints = checkpoints;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
		this.quotas = quotas;
	}

	/**
	 * What {@link #startAttempt} decided.
	 *
	 * @param attempt the attempt to run, or {@code null}
	 * @param deferred whether the job must wait: its owner trains as many jobs as its
	 * concurrent-jobs quota allows
	 */
	public record Start(AttemptStart attempt, boolean deferred) {

		static Start nothing() {
			return new Start(null, false);
		}

	}

	/**
	 * Starts a new attempt if the job should run: a job whose cancel is pending is
	 * cancelled instead, a job that ended or was deleted is skipped, and a queued job
	 * whose owner is at its concurrent-jobs quota waits. The quota is checked with the
	 * owner's job rows locked, so two nodes (or two slots) cannot both start the owner's
	 * last allowed job.
	 * @param jobId the job
	 * @param node this node
	 * @return the decision
	 */
	public Start startAttempt(String jobId, String node) {
		return withRetry(() -> this.transactions.execute((status) -> {
			TrainingJob job = this.jobs.findById(jobId).orElse(null);
			if (job == null) {
				return Start.nothing();
			}
			if (job.getStatus() == JobStatus.CANCELLING) {
				job.cancelled("cancelled: its node stopped before the cancel reached the worker", this.clock.instant());
				this.jobs.save(job);
				return Start.nothing();
			}
			if (job.getStatus() != JobStatus.QUEUED && job.getStatus() != JobStatus.RUNNING) {
				return Start.nothing();
			}
			if (job.getStatus() == JobStatus.QUEUED) {
				this.jobs.lockJobsOf(job.getOwner());
				long running = this.jobs.countByOwnerAndStatusIn(job.getOwner(),
						EnumSet.of(JobStatus.RUNNING, JobStatus.CANCELLING));
				if (!this.quotas.mayStartAnother(running)) {
					return new Start(null, true);
				}
			}
			int attempt = job.start(node, this.clock.instant());
			this.jobs.save(job);
			Optional<Checkpoint> latest = this.checkpoints.latest(jobId);
			long resumeStep = latest.map(Checkpoint::getStep).orElse(0L);
			this.metrics.truncateAfter(jobId, resumeStep);
			return new Start(new AttemptStart(jobId, attempt, job.getFamily(), job.getSpec(), job.getDatasetId(),
					job.getDatasetSha256(), job.getDatasetVersion(), job.getDeviceRequested(),
					latest.map(this.checkpoints::directory).orElse(null), resumeStep, job.getBudgetedMillis(),
					latest.isPresent() ? job.getThreads() : null), false);
		}));
	}

	/**
	 * Records a batch of progress, metric, sample, done and failed lines of one attempt
	 * in one transaction, if the attempt still owns the job: metric points, the job's
	 * progress and latest metrics, and one event per line (of consecutive progress lines
	 * only the last is kept). Batching keeps the node's writes from slowing the worker
	 * down.
	 * @param jobId the job
	 * @param attempt the attempt
	 * @param batch the lines, in order; no checkpoint lines
	 */
	public void recordReports(String jobId, int attempt, List<WorkerMessage> batch) {
		if (batch.isEmpty()) {
			return;
		}
		withRetry(() -> this.transactions.execute((status) -> {
			TrainingJob job = this.jobs.findById(jobId).orElse(null);
			if (job == null || job.getAttempt() != attempt) {
				return null;
			}
			Map<String, Double> latest = new LinkedHashMap<>();
			if (job.getLatestMetrics() != null) {
				latest.putAll(this.json.readValue(job.getLatestMetrics(), new TypeReference<Map<String, Double>>() {
				}));
			}
			List<JobEvents.NewEvent> events = new ArrayList<>();
			WorkerMessage lastProgress = null;
			boolean metricsChanged = false;
			for (int i = 0; i < batch.size(); i++) {
				WorkerMessage message = batch.get(i);
				switch (message.type()) {
					case WorkerMessage.PROGRESS -> {
						lastProgress = message;
						if (message.device() != null) {
							this.jobs.updateDevice(jobId, attempt, message.device(), message.threads());
						}
						boolean supersededByNext = i + 1 < batch.size()
								&& batch.get(i + 1).type().equals(WorkerMessage.PROGRESS);
						if (!supersededByNext) {
							events.add(event(message, attempt));
						}
					}
					case WorkerMessage.METRIC -> {
						latest.putAll(message.values());
						metricsChanged = true;
						this.metrics.record(jobId, message.step(), message.values());
						events.add(event(message, attempt));
					}
					default -> events.add(event(message, attempt));
				}
			}
			if (lastProgress != null) {
				this.jobs.updateProgress(jobId, attempt, lastProgress.step(),
						lastProgress.epoch() != null ? lastProgress.epoch() : 0, lastProgress.phase(),
						lastProgress.stepsPerSecond(), lastProgress.etaSeconds());
			}
			if (metricsChanged) {
				this.jobs.updateLatestMetrics(jobId, attempt, this.json.writeValueAsString(latest));
			}
			this.events.appendAll(jobId, events);
			return null;
		}));
	}

	private JobEvents.NewEvent event(WorkerMessage message, int attempt) {
		Map<String, Object> payload = payload(message, attempt);
		payload.remove("path");
		return new JobEvents.NewEvent(message.type(), payload);
	}

	/** Commits a checkpoint (fenced) and publishes it as an event. */
	public Optional<Checkpoint> recordCheckpoint(CheckpointService.Report report, QualityMetric metric,
			WorkerMessage message) {
		Optional<Checkpoint> committed = this.checkpoints.commit(report, metric);
		committed.ifPresent((checkpoint) -> this.transactions.executeWithoutResult((status) -> {
			Map<String, Object> payload = payload(message, report.attempt());
			payload.put("checkpointId", checkpoint.getId());
			payload.remove("path");
			this.events.append(report.jobId(), "checkpoint", payload);
		}));
		return committed;
	}

	/**
	 * Whether the job waits in the queue (for example, resumed while its last attempt was
	 * ending).
	 */
	public boolean isQueued(String jobId) {
		return this.jobs.findById(jobId).map((job) -> job.getStatus() == JobStatus.QUEUED).orElse(false);
	}

	public boolean cancelRequested(String jobId) {
		return this.jobs.findCancelRequested(jobId).orElse(false);
	}

	/**
	 * Ends an attempt with a status change, if the attempt still owns the job.
	 * @param jobId the job
	 * @param attempt the attempt
	 * @param change the change to apply
	 * @return whether it was applied
	 */
	public boolean finishAttempt(String jobId, int attempt, Consumer<TrainingJob> change) {
		return withRetry(() -> Boolean.TRUE.equals(this.transactions.execute((status) -> {
			TrainingJob job = this.jobs.findById(jobId).orElse(null);
			if (job == null || job.getAttempt() != attempt || job.getStatus().isFinished()
					|| job.getStatus() == JobStatus.QUEUED) {
				return false;
			}
			change.accept(job);
			this.jobs.save(job);
			return true;
		})));
	}

	/**
	 * A dead node's job goes back to the queue (or, if it was being cancelled, is
	 * cancelled).
	 * @param jobId the job
	 * @param reason why
	 * @return whether it should run again
	 */
	public boolean revive(String jobId, String reason) {
		return withRetry(() -> Boolean.TRUE.equals(this.transactions.execute((status) -> {
			TrainingJob job = this.jobs.findById(jobId).orElse(null);
			if (job == null) {
				return false;
			}
			switch (job.getStatus()) {
				case RUNNING -> job.requeue(reason, this.clock.instant());
				case CANCELLING -> job.cancelled(reason + "; it was being cancelled", this.clock.instant());
				case QUEUED -> {
					return true;
				}
				default -> {
					return false;
				}
			}
			this.jobs.save(job);
			return job.getStatus() == JobStatus.QUEUED;
		})));
	}

	private Map<String, Object> payload(WorkerMessage message, int attempt) {
		Map<String, Object> payload = this.json.convertValue(message,
				new TypeReference<LinkedHashMap<String, Object>>() {
				});
		payload.remove("v");
		payload.remove("seq");
		payload.remove("type");
		payload.put("attempt", attempt);
		return payload;
	}

	static <T> T withRetry(java.util.function.Supplier<T> action) {
		for (int i = 0;; i++) {
			try {
				return action.get();
			}
			catch (ObjectOptimisticLockingFailureException | OptimisticLockException ex) {
				if (i >= 4) {
					throw ex;
				}
			}
		}
	}

}
