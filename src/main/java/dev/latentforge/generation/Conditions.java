package dev.latentforge.generation;

import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.ConditionVocabulary.Condition;
import dev.latentforge.prompts.Prompt;
import dev.latentforge.prompts.PromptException;
import dev.latentforge.prompts.PromptParser;
import dev.latentforge.prompts.Prompts;
import dev.latentforge.web.ApiException;

import org.springframework.stereotype.Component;

/**
 * Resolves what a request conditions on: a saved prompt ({@code promptId}), prompt text
 * ({@code prompt}) or a structured {@code condition} (at most one of them), and encodes
 * it with the model's vocabulary, once per row.
 */
@Component
class Conditions {

	private final Prompts prompts;

	Conditions(Prompts prompts) {
		this.prompts = prompts;
	}

	/**
	 * A resolved condition.
	 *
	 * @param condition the condition, or {@code null} for none (every part "any")
	 * @param promptId the saved prompt it came from, or null
	 * @param promptText the text it was read from, or null
	 */
	record Resolved(Condition condition, String promptId, String promptText) {

		static final Resolved NONE = new Resolved(null, null, null);

	}

	/** Checks that at most one source is given, and finds a saved prompt (404 if not). */
	Resolved source(String promptId, String prompt, Condition condition) {
		int given = (promptId != null ? 1 : 0) + (prompt != null ? 1 : 0) + (condition != null ? 1 : 0);
		if (given > 1) {
			throw ApiException.invalid("promptId", "give at most one of 'promptId', 'prompt' and 'condition'");
		}
		if (promptId != null) {
			Prompt saved = this.prompts.get(promptId);
			return new Resolved(this.prompts.condition(saved), saved.getId(), saved.getText());
		}
		if (prompt != null) {
			return new Resolved(null, null, prompt);
		}
		return condition == null ? Resolved.NONE : new Resolved(condition, null, null);
	}

	/**
	 * Reads prompt text against the vocabulary (when the source is text), checks the
	 * condition and encodes it for each row.
	 * @return the resolved condition and the encoded rows ({@code null} when the model is
	 * unconditional)
	 */
	static Encoded encode(Resolved source, ConditionVocabulary vocabulary, int rows, String field) {
		Resolved resolved = source;
		if (source.condition() == null && source.promptText() != null) {
			try {
				resolved = new Resolved(PromptParser.parse(source.promptText(), vocabulary), null, source.promptText());
			}
			catch (PromptException ex) {
				throw ex.toApiException(field);
			}
		}
		if (resolved.condition() != null) {
			Prompts.check(resolved.condition(), vocabulary, source.promptId() != null ? "promptId" : field);
		}
		if (vocabulary.size() == 0) {
			return new Encoded(resolved, null);
		}
		float[] one = resolved.condition() == null ? new float[vocabulary.size()]
				: vocabulary.encode(resolved.condition());
		float[] all = new float[rows * one.length];
		for (int i = 0; i < rows; i++) {
			System.arraycopy(one, 0, all, i * one.length, one.length);
		}
		return new Encoded(resolved, all);
	}

	/**
	 * An encoded condition.
	 *
	 * @param resolved what it means
	 * @param rows one encoded condition per row, or {@code null} for an unconditional
	 * model
	 */
	record Encoded(Resolved resolved, float[] rows) {
	}

}
