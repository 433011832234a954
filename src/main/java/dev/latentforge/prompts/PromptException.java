package dev.latentforge.prompts;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.ConditionVocabulary.Attribute;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.FieldProblem;
import dev.latentforge.web.ProblemType;

/**
 * A prompt that cannot be read against a model's vocabulary; answered as a 400 whose
 * problem lists what the model knows ({@code labels}, {@code attributes} with their
 * values).
 */
public class PromptException extends RuntimeException {

	private final ConditionVocabulary vocabulary;

	public PromptException(String message, ConditionVocabulary vocabulary) {
		super(message);
		this.vocabulary = vocabulary;
	}

	/** The 400 problem for a field of the request. */
	public ApiException toApiException(String field) {
		return new ApiException(ProblemType.VALIDATION, getMessage() + "; " + describe(this.vocabulary),
				java.util.List.of(new FieldProblem(field, getMessage())))
			.with("labels", this.vocabulary.labels())
			.with("attributes", attributes(this.vocabulary));
	}

	static Map<String, Object> attributes(ConditionVocabulary vocabulary) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (Attribute attribute : vocabulary.attributes()) {
			attributes.put(attribute.name(), attribute.values());
		}
		return attributes;
	}

	/** What a model knows, in words. */
	public static String describe(ConditionVocabulary vocabulary) {
		if (vocabulary.size() == 0) {
			return "this model is unconditional: it knows no labels or attributes";
		}
		StringBuilder out = new StringBuilder("this model knows the labels " + vocabulary.labels());
		if (!vocabulary.attributes().isEmpty()) {
			out.append(" and the attributes ").append(attributes(vocabulary));
		}
		return out.toString();
	}

}
