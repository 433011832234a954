package dev.latentforge.jobs;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * One recorded change of a job's status: when (UTC), from what, to what, in which
 * attempt, and why.
 */
@Entity
@Table(name = "job_transitions")
public class JobTransition {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "job_id")
	private TrainingJob job;

	@Enumerated(EnumType.STRING)
	@Column(name = "from_status")
	private JobStatus from;

	@Enumerated(EnumType.STRING)
	@Column(name = "to_status", nullable = false)
	private JobStatus to;

	@Column(nullable = false)
	private int attempt;

	@Column(nullable = false)
	private String reason;

	private String node;

	@Column(nullable = false)
	private Instant at;

	protected JobTransition() {
	}

	JobTransition(TrainingJob job, JobStatus from, JobStatus to, int attempt, String reason, String node, Instant at) {
		this.job = job;
		this.from = from;
		this.to = to;
		this.attempt = attempt;
		this.reason = reason.length() > 2000 ? reason.substring(0, 1997) + "..." : reason;
		this.node = node;
		this.at = at;
	}

	public Long getId() {
		return this.id;
	}

	public JobStatus getFrom() {
		return this.from;
	}

	public JobStatus getTo() {
		return this.to;
	}

	public int getAttempt() {
		return this.attempt;
	}

	public String getReason() {
		return this.reason;
	}

	public String getNode() {
		return this.node;
	}

	public Instant getAt() {
		return this.at;
	}

}
