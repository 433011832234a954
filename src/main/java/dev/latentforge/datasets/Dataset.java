package dev.latentforge.datasets;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * The database row of a data set: the columns that lists sort and filter on, the full
 * {@link DatasetInfo} as JSON, and where its files are. Rows of uploads are only inserted
 * and deleted (a data set is immutable); rows of built-ins are replaced when a
 * generator's version changes.
 */
@Entity
@Table(name = "datasets")
public class Dataset implements Persistable<String> {

	@Id
	private String id;

	private String name;

	private String kind;

	private boolean builtin;

	private int channels;

	private int height;

	private int width;

	@Column(name = "bit_depth")
	private int bitDepth;

	private String info;

	private String sha256;

	private int version;

	@Column(name = "size_bytes")
	private long sizeBytes;

	/** The directory, relative to {@code {data-dir}/datasets}. */
	private String path;

	@Column(name = "created_at")
	private Instant createdAt;

	/** The owner of an upload; {@code null} for built-ins, which everyone may read. */
	@Column(updatable = false)
	private String owner;

	@Transient
	private boolean fresh = true;

	protected Dataset() {
	}

	Dataset(DatasetInfo info, String path, String owner) {
		this.id = info.id();
		this.owner = owner;
		update(info, path);
	}

	/** Replaces everything but the id (for built-ins whose version changed). */
	void update(DatasetInfo info, String path) {
		this.name = info.name();
		this.kind = info.kind().name();
		this.builtin = info.builtin();
		this.channels = info.channels();
		this.height = info.height();
		this.width = info.width();
		this.bitDepth = info.bitDepth();
		this.info = DatasetJson.write(info);
		this.sha256 = info.sha256();
		this.version = info.version();
		this.sizeBytes = info.sizeBytes();
		this.path = path;
		this.createdAt = info.createdAt();
	}

	@Override
	public String getId() {
		return this.id;
	}

	/** Tells Spring Data to insert, not merge, a new row: an id clash must fail. */
	@Override
	public boolean isNew() {
		return this.fresh;
	}

	@PostLoad
	@PostPersist
	void markStored() {
		this.fresh = false;
	}

	public DatasetInfo info() {
		return DatasetJson.read(this.info);
	}

	public boolean builtin() {
		return this.builtin;
	}

	public String path() {
		return this.path;
	}

	public int version() {
		return this.version;
	}

	public String sha256() {
		return this.sha256;
	}

	String owner() {
		return this.owner;
	}

}
