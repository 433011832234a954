package dev.latentforge.evaluation;

import java.time.Instant;

import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One evaluation of a model's checkpoint on a data set split: the metrics asked for,
 * their options, its state and, when it succeeded, the results (JSON). State changes are
 * guarded methods checked against {@link EvaluationStatus}'s table.
 */
@Entity
@Table(name = "evaluations")
public class Evaluation {

	@Id
	private String id;

	@Column(nullable = false)
	private String owner;

	@Column(name = "model_id", nullable = false)
	private String modelId;

	@Column(name = "checkpoint_id", nullable = false)
	private String checkpointId;

	@Column(name = "dataset_id", nullable = false)
	private String datasetId;

	@Column(nullable = false)
	private String split;

	/** The requested metric names, a JSON array. */
	@Column(nullable = false)
	private String metrics;

	/** The options, a JSON object. */
	@Column(nullable = false)
	private String options;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private EvaluationStatus status;

	private double progress;

	/** The results, a JSON array of {@code ModelEvaluator.Result}. */
	private String results;

	private String error;

	private String node;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "started_at")
	private Instant startedAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	@Version
	private long version;

	protected Evaluation() {
	}

	public Evaluation(String id, String owner, String modelId, String checkpointId, String datasetId, String split,
			String metrics, String options, Instant createdAt) {
		this.id = id;
		this.owner = owner;
		this.modelId = modelId;
		this.checkpointId = checkpointId;
		this.datasetId = datasetId;
		this.split = split;
		this.metrics = metrics;
		this.options = options;
		this.status = EvaluationStatus.QUEUED;
		this.createdAt = createdAt;
	}

	private void become(EvaluationStatus next) {
		if (!this.status.mayBecome(next)) {
			throw new ApiException(ProblemType.CONFLICT,
					"Evaluation " + this.id + " is " + this.status + " and cannot become " + next);
		}
		this.status = next;
	}

	void start(String node, Instant now) {
		become(EvaluationStatus.RUNNING);
		this.node = node;
		this.progress = 0;
		this.startedAt = now;
	}

	void progress(double fraction) {
		this.progress = Math.max(0, Math.min(1, fraction));
	}

	void succeed(String results, Instant now) {
		become(EvaluationStatus.SUCCEEDED);
		this.results = results;
		this.progress = 1;
		this.finishedAt = now;
	}

	void fail(String reason, Instant now) {
		become(EvaluationStatus.FAILED);
		this.error = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
		this.finishedAt = now;
	}

	void cancel(Instant now) {
		become(EvaluationStatus.CANCELLED);
		this.finishedAt = now;
	}

	void requeue(String reason) {
		become(EvaluationStatus.QUEUED);
		this.error = reason;
		this.node = null;
		this.progress = 0;
	}

	public String getId() {
		return this.id;
	}

	public String getOwner() {
		return this.owner;
	}

	public String getModelId() {
		return this.modelId;
	}

	public String getCheckpointId() {
		return this.checkpointId;
	}

	public String getDatasetId() {
		return this.datasetId;
	}

	public String getSplit() {
		return this.split;
	}

	public String getMetrics() {
		return this.metrics;
	}

	public String getOptions() {
		return this.options;
	}

	public EvaluationStatus getStatus() {
		return this.status;
	}

	public double getProgress() {
		return this.progress;
	}

	public String getResults() {
		return this.results;
	}

	public String getError() {
		return this.error;
	}

	public String getNode() {
		return this.node;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getStartedAt() {
		return this.startedAt;
	}

	public Instant getFinishedAt() {
		return this.finishedAt;
	}

}
