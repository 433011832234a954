package dev.latentforge.jobs;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A job's reference to another model's checkpoint, which it pins against retention. */
@Entity
@Table(name = "checkpoint_references")
@IdClass(CheckpointReference.Key.class)
class CheckpointReference {

	@Id
	@Column(name = "job_id")
	private String jobId;

	@Id
	@Column(name = "field")
	private String field;

	@Column(name = "referenced_job_id")
	private String referencedJobId;

	@Column(name = "checkpoint_id")
	private String checkpointId;

	protected CheckpointReference() {
	}

	CheckpointReference(String jobId, String field, String referencedJobId, String checkpointId) {
		this.jobId = jobId;
		this.field = field;
		this.referencedJobId = referencedJobId;
		this.checkpointId = checkpointId;
	}

	String getCheckpointId() {
		return this.checkpointId;
	}

	/** The primary key. */
	record Key(String jobId, String field) implements Serializable {

		Key() {
			this(null, null);
		}

	}

}
