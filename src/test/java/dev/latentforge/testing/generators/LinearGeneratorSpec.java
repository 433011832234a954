package dev.latentforge.testing.generators;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.ModelSpec;

/**
 * The spec of the test-only {@link LinearGeneratorFamily}.
 *
 * @param latentSize the latent size
 * @param conditional whether it is conditioned on the data set's labels and attributes
 * @param labels filled in from the data set when conditional
 * @param attributes filled in from the data set when conditional
 */
@JsonTypeName(LinearGeneratorFamily.TYPE)
public record LinearGeneratorSpec(Integer latentSize, Boolean conditional, List<String> labels,
		List<ConditionVocabulary.Attribute> attributes) implements ModelSpec {

	ConditionVocabulary vocabulary() {
		return Boolean.TRUE.equals(this.conditional) ? new ConditionVocabulary(this.labels, this.attributes)
				: ConditionVocabulary.NONE;
	}

}
