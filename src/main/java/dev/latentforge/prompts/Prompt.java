package dev.latentforge.prompts;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A saved prompt: a named condition for a model, given as text (kept with the condition
 * it was read as) or as a structured condition.
 */
@Entity
@Table(name = "prompts")
public class Prompt {

	@Id
	private String id;

	@Column(nullable = false)
	private String owner;

	@Column(name = "model_id", nullable = false)
	private String modelId;

	@Column(nullable = false)
	private String name;

	@Column(name = "prompt_text")
	private String text;

	/** The condition as JSON ({@code label}, {@code attributes}). */
	@Column(name = "condition_json", nullable = false)
	private String condition;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Prompt() {
	}

	public Prompt(String id, String owner, String modelId, String name, String text, String condition,
			Instant createdAt) {
		this.id = id;
		this.owner = owner;
		this.modelId = modelId;
		this.name = name;
		this.text = text;
		this.condition = condition;
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

	public String getName() {
		return this.name;
	}

	public String getText() {
		return this.text;
	}

	public String getCondition() {
		return this.condition;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
