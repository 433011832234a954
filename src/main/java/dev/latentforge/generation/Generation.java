package dev.latentforge.generation;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A recorded generation: everything needed to draw the same images again (model,
 * checkpoint, seed, count, truncation and the condition as it was resolved, with the
 * prompt it came from). Interpolations and arithmetic strips are recorded too, with their
 * inputs (a {@link LatentWalk}) instead of a seed. A checkpoint a generation refers to is
 * kept by retention.
 */
@Entity
@Table(name = "generations")
public class Generation {

	@Id
	private String id;

	@Column(nullable = false)
	private String owner;

	@Column(name = "model_id", nullable = false)
	private String modelId;

	@Column(name = "checkpoint_id", nullable = false)
	private String checkpointId;

	/** {@code generate}, {@code interpolate} or {@code arithmetic} ({@link Kind}). */
	@Column(nullable = false)
	private String kind;

	/** A walk's inputs as JSON ({@link LatentWalk}), or null for a seeded generation. */
	@Column(name = "walk_json")
	private String walk;

	@Column(name = "prompt_id")
	private String promptId;

	@Column(name = "prompt_text")
	private String promptText;

	/** The resolved condition as JSON ({@code label}, {@code attributes}), or null. */
	@Column(name = "condition_json")
	private String condition;

	private Long seed;

	@Column(name = "image_count")
	private int count;

	private Double truncation;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Generation() {
	}

	public Generation(String id, String owner, String modelId, String checkpointId, Kind kind, String walk,
			String promptId, String promptText, String condition, Long seed, int count, Double truncation,
			Instant createdAt) {
		this.id = id;
		this.owner = owner;
		this.modelId = modelId;
		this.checkpointId = checkpointId;
		this.kind = kind.value();
		this.walk = walk;
		this.promptId = promptId;
		this.promptText = promptText;
		this.condition = condition;
		this.seed = seed;
		this.count = count;
		this.truncation = truncation;
		this.createdAt = createdAt;
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

	public String getPromptId() {
		return this.promptId;
	}

	public String getPromptText() {
		return this.promptText;
	}

	public String getCondition() {
		return this.condition;
	}

	public Kind getKind() {
		return Kind.of(this.kind);
	}

	public String getWalk() {
		return this.walk;
	}

	public Long getSeed() {
		return this.seed;
	}

	public int getCount() {
		return this.count;
	}

	public Double getTruncation() {
		return this.truncation;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/** The operation that made a generation. */
	public enum Kind {

		/** {@code POST /models/{id}/generate}: count images from a seed. */
		GENERATE("generate"),

		/** {@code POST /models/{id}/interpolate}: frames between two latents. */
		INTERPOLATE("interpolate"),

		/** {@code POST /models/{id}/arithmetic}: mean(A), mean(B), mean(C), A − B + C. */
		ARITHMETIC("arithmetic");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

		/** The kind of this name, if any. */
		static Optional<Kind> find(String value) {
			return Arrays.stream(values()).filter((kind) -> kind.value.equals(value)).findFirst();
		}

		static Kind of(String value) {
			return find(value).orElseThrow(() -> new IllegalStateException("unknown generation kind " + value));
		}

	}

}
