package dev.latentforge.prompts;

import java.time.Clock;
import java.util.UUID;

import dev.latentforge.generation.ModelCache;
import dev.latentforge.generation.ServedModels;
import dev.latentforge.jobs.JobDeleted;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.ConditionVocabulary.Condition;
import dev.latentforge.models.Generating;
import dev.latentforge.security.Caller;
import dev.latentforge.security.Callers;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saves, finds and deletes prompts, owner-scoped: another owner's prompt answers 404 as
 * an unknown one does. A prompt is checked against its model's vocabulary when it is
 * saved.
 */
@Service
public class Prompts {

	private final PromptRepository prompts;

	private final ServedModels served;

	private final JsonMapper json;

	private final Clock clock;

	Prompts(PromptRepository prompts, ServedModels served, JsonMapper json, Clock clock) {
		this.prompts = prompts;
		this.served = served;
		this.json = json;
		this.clock = clock;
	}

	/** A prompt the caller may see. */
	public Prompt get(String id) {
		Caller caller = Callers.current();
		return this.prompts.findById(id)
			.filter((prompt) -> caller.sees(prompt.getOwner()))
			.orElseThrow(() -> ApiException.notFound("prompt", id));
	}

	/** A prompt's condition. */
	public Condition condition(Prompt prompt) {
		return this.json.readValue(prompt.getCondition(), Condition.class);
	}

	Page<Prompt> list(String modelId, Pageable pageable) {
		String owner = Callers.current().ownerFilter();
		if (owner == null) {
			return modelId == null ? this.prompts.findAll(pageable) : this.prompts.findByModelId(modelId, pageable);
		}
		return modelId == null ? this.prompts.findByOwner(owner, pageable)
				: this.prompts.findByOwnerAndModelId(owner, modelId, pageable);
	}

	Prompt create(PromptController.PromptRequest request) {
		if (request.modelId() == null || request.modelId().isBlank()) {
			throw ApiException.invalid("modelId", "name the model the prompt is for");
		}
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			throw ApiException.invalid("name", "give a name of 1 to 200 characters");
		}
		boolean hasText = request.text() != null;
		if (hasText == (request.condition() != null)) {
			throw ApiException.invalid("text", "give either 'text' or 'condition', not both or neither");
		}
		if (hasText && (request.text().isBlank() || request.text().length() > 1000)) {
			throw ApiException.invalid("text", "give a text of 1 to 1000 characters");
		}
		ServedModels.Selected selected = this.served.select(request.modelId(), null, Capabilities.GENERATE);
		ConditionVocabulary vocabulary = vocabulary(selected);
		Condition condition;
		if (hasText) {
			try {
				condition = PromptParser.parse(request.text(), vocabulary);
			}
			catch (PromptException ex) {
				throw ex.toApiException("text");
			}
		}
		else {
			condition = request.condition();
			check(condition, vocabulary, "condition");
		}
		Prompt prompt = new Prompt(UUID.randomUUID().toString(), Callers.current().owner(), selected.job().getId(),
				request.name(), request.text(), this.json.writeValueAsString(condition), this.clock.instant());
		return this.prompts.save(prompt);
	}

	/** Checks that a model's vocabulary can encode a condition; a 400 otherwise. */
	public static void check(Condition condition, ConditionVocabulary vocabulary, String field) {
		if (vocabulary.size() == 0 && (condition.label() != null || !condition.attributes().isEmpty())) {
			throw new PromptException("the model takes no condition", vocabulary).toApiException(field);
		}
		try {
			vocabulary.encode(condition);
		}
		catch (IllegalArgumentException ex) {
			throw new PromptException(ex.getMessage(), vocabulary).toApiException(field);
		}
	}

	/** The vocabulary of a selected model. */
	public ConditionVocabulary vocabulary(ServedModels.Selected selected) {
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			if (!(lease.model() instanceof Generating generating)) {
				throw new ApiException(ProblemType.UNSUPPORTED_OPERATION,
						"Model " + selected.job().getId() + " cannot generate");
			}
			return generating.vocabulary();
		}
	}

	void delete(String id) {
		this.prompts.delete(get(id));
	}

	@EventListener
	@Transactional
	public void on(JobDeleted deleted) {
		this.prompts.deleteByModelId(deleted.jobId());
	}

}
