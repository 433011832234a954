package dev.latentforge.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.DynamicUpdate;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A training job and its lifecycle. Every status change goes through a guarded method
 * that checks {@link JobStatus}'s table of allowed transitions, records a
 * {@link JobTransition} (time, reason, attempt) and registers a {@link JobTransitioned}
 * event that is stored as a job event when the job is saved. The attempt number is the
 * fencing token of the attempt's checkpoint commits.
 *
 * <p>
 * Progress and the event counter are written by bulk updates (fenced by attempt), so the
 * entity is updated column by column ({@link DynamicUpdate}) and never overwrites them
 * with stale values.
 */
@Entity
@Table(name = "training_jobs")
@DynamicUpdate
public class TrainingJob extends AbstractAggregateRoot<TrainingJob> {

	@Id
	private String id;

	/** The owner whose callers see and control the job. */
	@Column(nullable = false, updatable = false)
	private String owner;

	private String name;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private JobStatus status;

	@Column(nullable = false)
	private String family;

	@Column(nullable = false)
	private String spec;

	@Column(name = "dataset_id", nullable = false)
	private String datasetId;

	@Column(name = "dataset_sha256", nullable = false)
	private String datasetSha256;

	@Column(name = "dataset_version", nullable = false)
	private int datasetVersion;

	private int priority;

	@Column(name = "device_requested", nullable = false)
	private String deviceRequested;

	@Column(insertable = true, updatable = false)
	private String device;

	@Column(insertable = true, updatable = false)
	private Integer threads;

	private int attempt;

	/** Attempts since the last resume that ended with a crashed or killed worker. */
	private int crashes;

	@Column(name = "cancel_requested")
	private boolean cancelRequested;

	private String node;

	@Column(name = "idempotency_key")
	private String idempotencyKey;

	@Column(name = "idempotency_hash")
	private String idempotencyHash;

	@Column(name = "progress_step", insertable = true, updatable = false)
	private long progressStep;

	@Column(name = "progress_total")
	private long progressTotal;

	@Column(name = "progress_epoch", insertable = true, updatable = false)
	private int progressEpoch;

	@Column(name = "progress_phase", insertable = true, updatable = false)
	private String progressPhase;

	@Column(name = "steps_per_second", insertable = true, updatable = false)
	private Double stepsPerSecond;

	@Column(name = "eta_seconds", insertable = true, updatable = false)
	private Double etaSeconds;

	@Column(name = "latest_metrics", insertable = true, updatable = false)
	private String latestMetrics;

	@Column(name = "latest_checkpoint_id", insertable = true, updatable = false)
	private String latestCheckpointId;

	@Column(name = "best_checkpoint_id", insertable = true, updatable = false)
	private String bestCheckpointId;

	@Column(name = "event_seq", insertable = true, updatable = false)
	private long eventSeq;

	@Column(name = "failure_reason")
	private String failureReason;

	@Column(name = "running_millis")
	private long runningMillis;

	/** The running time at the last resume: the wall-time budget counts from here. */
	@Column(name = "wall_time_base")
	private long wallTimeBase;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "started_at")
	private Instant startedAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	@Version
	private Long version;

	@OneToMany(mappedBy = "job", cascade = { CascadeType.PERSIST, CascadeType.MERGE })
	@OrderBy("id")
	@BatchSize(size = 100)
	private List<JobTransition> transitions = new ArrayList<>();

	protected TrainingJob() {
	}

	/**
	 * A newly submitted job, QUEUED.
	 * @param id the job id
	 * @param submission what was submitted, resolved
	 * @param now the time
	 * @return the job
	 */
	public static TrainingJob submitted(String id, Submission submission, Instant now) {
		TrainingJob job = new TrainingJob();
		job.id = id;
		job.owner = submission.owner();
		job.name = submission.name();
		job.family = submission.family();
		job.spec = submission.specJson();
		job.datasetId = submission.datasetId();
		job.datasetSha256 = submission.datasetSha256();
		job.datasetVersion = submission.datasetVersion();
		job.priority = submission.priority();
		job.deviceRequested = submission.device();
		job.progressTotal = submission.totalSteps();
		job.idempotencyKey = submission.idempotencyKey();
		job.idempotencyHash = submission.idempotencyHash();
		job.createdAt = now;
		job.updatedAt = now;
		job.record(null, JobStatus.QUEUED, "submitted", null, now);
		return job;
	}

	/**
	 * What a submission fixes about a job.
	 *
	 * @param owner the owner
	 * @param name the job's name
	 * @param family the model family
	 * @param specJson the resolved specification as JSON
	 * @param datasetId the data set
	 * @param datasetSha256 its hash
	 * @param datasetVersion its version
	 * @param priority the priority
	 * @param device the requested device
	 * @param totalSteps the steps of the run
	 * @param idempotencyKey the client's idempotency key, if any
	 * @param idempotencyHash the hash of the request body under that key
	 */
	public record Submission(String owner, String name, String family, String specJson, String datasetId,
			String datasetSha256, int datasetVersion, int priority, String device, long totalSteps,
			String idempotencyKey, String idempotencyHash) {
	}

	/**
	 * Starts a new attempt on a node; a job still marked RUNNING (its node died before
	 * anyone noticed) is first recorded as revived.
	 * @param nodeName the node
	 * @param now the time
	 * @return the new attempt number (fencing token)
	 */
	public int start(String nodeName, Instant now) {
		if (this.status == JobStatus.RUNNING) {
			requeue("revived: its previous attempt on " + this.node + " did not finish", now);
		}
		this.attempt++;
		this.node = nodeName;
		this.startedAt = now;
		record(this.status, JobStatus.RUNNING, "attempt " + this.attempt + " started on " + nodeName, nodeName, now);
		return this.attempt;
	}

	/**
	 * RUNNING → QUEUED: the node died, the worker crashed and will be retried, or the
	 * node shuts down.
	 */
	public void requeue(String reason, Instant now) {
		guard(JobStatus.QUEUED, "be re-queued");
		accountRunningTime(now);
		record(this.status, JobStatus.QUEUED, reason, this.node, now);
	}

	/**
	 * Ends an attempt that did not finish the run: back to the queue, or, if a cancel was
	 * pending, cancelled (a job the client cancelled never runs again on its own).
	 * @param reason why the attempt ended
	 * @param now the time
	 */
	public void stopAttempt(String reason, Instant now) {
		if (this.status == JobStatus.CANCELLING) {
			cancelled(reason + "; it was being cancelled", now);
		}
		else {
			requeue(reason, now);
		}
	}

	/**
	 * Counts an attempt whose worker crashed or was killed.
	 * @return the crashes since the job was submitted or last resumed
	 */
	public int recordCrash() {
		return ++this.crashes;
	}

	public void succeed(Instant now) {
		guard(JobStatus.SUCCEEDED, "succeed");
		finish(JobStatus.SUCCEEDED, "completed " + this.progressTotal + " steps", now);
	}

	public void fail(String reason, Instant now) {
		guard(JobStatus.FAILED, "fail");
		this.failureReason = reason;
		finish(JobStatus.FAILED, reason, now);
	}

	/** Ends a job that was being cancelled (or a queued one). */
	public void cancelled(String reason, Instant now) {
		guard(JobStatus.CANCELLED, "be cancelled");
		finish(JobStatus.CANCELLED, reason, now);
	}

	/**
	 * A client's cancel: a queued job is cancelled at once; a running one is flagged (the
	 * owning node forwards it to its worker, which checkpoints and stops). Repeating it
	 * is harmless.
	 * @param now the time
	 * @return whether the job is now CANCELLED (rather than CANCELLING)
	 */
	public boolean requestCancel(Instant now) {
		if (this.status == JobStatus.CANCELLING) {
			return false;
		}
		if (this.status == JobStatus.QUEUED) {
			cancelled("cancelled while queued", now);
			return true;
		}
		guard(JobStatus.CANCELLING, "be cancelled");
		this.cancelRequested = true;
		record(this.status, JobStatus.CANCELLING, "cancel requested", this.node, now);
		return false;
	}

	/** FAILED or CANCELLED → QUEUED: continue from the last checkpoint. */
	public void resume(Instant now) {
		guard(JobStatus.QUEUED, "be resumed");
		this.cancelRequested = false;
		this.failureReason = null;
		this.finishedAt = null;
		this.crashes = 0;
		this.wallTimeBase = this.runningMillis;
		record(this.status, JobStatus.QUEUED, "resumed", null, now);
	}

	private void finish(JobStatus target, String reason, Instant now) {
		accountRunningTime(now);
		this.cancelRequested = false;
		this.finishedAt = now;
		record(this.status, target, reason, this.node, now);
	}

	private void accountRunningTime(Instant now) {
		if ((this.status == JobStatus.RUNNING || this.status == JobStatus.CANCELLING) && this.startedAt != null) {
			this.runningMillis += Math.max(0, Duration.between(this.startedAt, now).toMillis());
		}
	}

	private void guard(JobStatus target, String action) {
		if (!this.status.canMoveTo(target)) {
			throw new IllegalTransitionException(this.id, this.status, target, action);
		}
	}

	private void record(JobStatus from, JobStatus to, String reason, String nodeName, Instant now) {
		this.status = to;
		this.updatedAt = now;
		this.transitions.add(new JobTransition(this, from, to, this.attempt, reason, nodeName, now));
		registerEvent(new JobTransitioned(this.id, from, to, this.attempt, reason, nodeName, now));
	}

	public String getId() {
		return this.id;
	}

	public String getOwner() {
		return this.owner;
	}

	public String getName() {
		return this.name;
	}

	public JobStatus getStatus() {
		return this.status;
	}

	public String getFamily() {
		return this.family;
	}

	public String getSpec() {
		return this.spec;
	}

	public String getDatasetId() {
		return this.datasetId;
	}

	public String getDatasetSha256() {
		return this.datasetSha256;
	}

	public int getDatasetVersion() {
		return this.datasetVersion;
	}

	public int getPriority() {
		return this.priority;
	}

	public String getDeviceRequested() {
		return this.deviceRequested;
	}

	public String getDevice() {
		return this.device;
	}

	public Integer getThreads() {
		return this.threads;
	}

	public int getAttempt() {
		return this.attempt;
	}

	public boolean isCancelRequested() {
		return this.cancelRequested;
	}

	public String getNode() {
		return this.node;
	}

	public String getIdempotencyKey() {
		return this.idempotencyKey;
	}

	public String getIdempotencyHash() {
		return this.idempotencyHash;
	}

	public long getProgressStep() {
		return this.progressStep;
	}

	public long getProgressTotal() {
		return this.progressTotal;
	}

	public int getProgressEpoch() {
		return this.progressEpoch;
	}

	public String getProgressPhase() {
		return this.progressPhase;
	}

	public Double getStepsPerSecond() {
		return this.stepsPerSecond;
	}

	public Double getEtaSeconds() {
		return this.etaSeconds;
	}

	public String getLatestMetrics() {
		return this.latestMetrics;
	}

	public String getLatestCheckpointId() {
		return this.latestCheckpointId;
	}

	public String getBestCheckpointId() {
		return this.bestCheckpointId;
	}

	public String getFailureReason() {
		return this.failureReason;
	}

	public long getRunningMillis() {
		return this.runningMillis;
	}

	/**
	 * Running time counted against {@code maxWallTime}: since submission or the last
	 * resume.
	 */
	public long getBudgetedMillis() {
		return this.runningMillis - this.wallTimeBase;
	}

	public int getCrashes() {
		return this.crashes;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public Instant getStartedAt() {
		return this.startedAt;
	}

	public Instant getFinishedAt() {
		return this.finishedAt;
	}

	public List<JobTransition> getTransitions() {
		return Collections.unmodifiableList(this.transitions);
	}

}
