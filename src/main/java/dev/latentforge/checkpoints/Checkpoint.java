package dev.latentforge.checkpoints;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A committed checkpoint's metadata. Its files live under the data directory at
 * {@link #getPath()} (relative, so nodes may mount the shared volume at different
 * places).
 */
@Entity
@Table(name = "checkpoints")
public class Checkpoint {

	@Id
	private String id;

	@Column(name = "job_id", nullable = false)
	private String jobId;

	private int attempt;

	private long step;

	@Column(nullable = false)
	private String path;

	@Column(name = "size_bytes")
	private long sizeBytes;

	@Column(nullable = false)
	private String sha256;

	@Column(name = "format_version")
	private int formatVersion;

	@Column(nullable = false)
	private String metrics;

	/**
	 * The family's quality metric, oriented so that lower is better; {@code null} when
	 * unknown.
	 */
	private Double quality;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Checkpoint() {
	}

	public Checkpoint(String id, String jobId, int attempt, long step, String path, long sizeBytes, String sha256,
			int formatVersion, String metrics, Double quality, Instant createdAt) {
		this.id = id;
		this.jobId = jobId;
		this.attempt = attempt;
		this.step = step;
		this.path = path;
		this.sizeBytes = sizeBytes;
		this.sha256 = sha256;
		this.formatVersion = formatVersion;
		this.metrics = metrics;
		this.quality = quality;
		this.createdAt = createdAt;
	}

	public String getId() {
		return this.id;
	}

	public String getJobId() {
		return this.jobId;
	}

	public int getAttempt() {
		return this.attempt;
	}

	public long getStep() {
		return this.step;
	}

	public String getPath() {
		return this.path;
	}

	public long getSizeBytes() {
		return this.sizeBytes;
	}

	public String getSha256() {
		return this.sha256;
	}

	public int getFormatVersion() {
		return this.formatVersion;
	}

	public String getMetrics() {
		return this.metrics;
	}

	public Double getQuality() {
		return this.quality;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
