package dev.latentforge.prompts;

import java.util.List;
import java.util.Map;

import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.ConditionVocabulary.Attribute;
import dev.latentforge.models.ConditionVocabulary.Condition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The prompt grammar: labels (multi-word, alternatives, plurals), attribute bins and
 * their everyday words, categorical attributes, and every refusal.
 */
class PromptParserTests {

	static final ConditionVocabulary FASHION = new ConditionVocabulary(List.of("T-shirt/top", "Trouser", "Pullover",
			"Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), List.of());

	static final ConditionVocabulary SHAPES = new ConditionVocabulary(
			List.of("circle", "square", "triangle", "cross", "ring", "star"),
			List.of(new Attribute("size", ConditionVocabulary.BIN_NAMES, 5.0, 11.0),
					new Attribute("brightness", ConditionVocabulary.BIN_NAMES, 0.5, 1.0),
					new Attribute("strokeWidth", ConditionVocabulary.BIN_NAMES, 0.0, 4.4)));

	static final ConditionVocabulary FACES = new ConditionVocabulary(List.of(),
			List.of(new Attribute("age", ConditionVocabulary.BIN_NAMES, 18.0, 90.0),
					new Attribute("smiling", List.of("no", "yes"), null, null)));

	@Test
	void readsMultiWordLabelsAlternativesAndPlurals() {
		assertThat(PromptParser.parse("ankle boot", FASHION)).isEqualTo(new Condition("Ankle boot", Map.of()));
		assertThat(PromptParser.parse("Ankle Boots, please", FASHION)).isEqualTo(new Condition("Ankle boot", Map.of()));
		assertThat(PromptParser.parse("a t-shirt", FASHION).label()).isEqualTo("T-shirt/top");
		assertThat(PromptParser.parse("tshirts", FASHION).label()).isEqualTo("T-shirt/top");
		assertThat(PromptParser.parse("tops", FASHION).label()).isEqualTo("T-shirt/top");
		assertThat(PromptParser.parse("dresses", FASHION).label()).isEqualTo("Dress");
		assertThat(PromptParser.parse("a bag", FASHION).label()).isEqualTo("Bag");
		// "shirt" is a label of its own; "t shirt" is the longer phrase
		assertThat(PromptParser.parse("shirt", FASHION).label()).isEqualTo("Shirt");
		assertThat(PromptParser.parse("t shirt", FASHION).label()).isEqualTo("T-shirt/top");
	}

	@Test
	void readsAttributeBinsAndTheirWords() {
		assertThat(PromptParser.parse("a large bright circle", SHAPES))
			.isEqualTo(new Condition("circle", Map.of("size", "high", "brightness", "high")));
		assertThat(PromptParser.parse("small dark stars", SHAPES))
			.isEqualTo(new Condition("star", Map.of("size", "low", "brightness", "low")));
		assertThat(PromptParser.parse("a medium sized thin ring", SHAPES))
			.isEqualTo(new Condition("ring", Map.of("size", "medium", "strokeWidth", "low")));
		assertThat(PromptParser.parse("high brightness, stroke width low", SHAPES))
			.isEqualTo(new Condition(null, Map.of("brightness", "high", "strokeWidth", "low")));
		assertThat(PromptParser.parse("size medium crosses", SHAPES))
			.isEqualTo(new Condition("cross", Map.of("size", "medium")));
	}

	@Test
	void readsCategoricalAttributesAsTheLecturesOldAgePlusSmiling() {
		assertThat(PromptParser.parse("old age + smiling", FACES))
			.isEqualTo(new Condition(null, Map.of("age", "high", "smiling", "yes")));
		assertThat(PromptParser.parse("young and not smiling", FACES))
			.isEqualTo(new Condition(null, Map.of("age", "low", "smiling", "no")));
	}

	@Test
	void refusesUnknownWordsConflictsAndNothing() {
		assertThatThrownBy(() -> PromptParser.parse("ankle boot", SHAPES)).isInstanceOf(PromptException.class)
			.hasMessageContaining("[ankle, boot]");
		assertThatThrownBy(() -> PromptParser.parse("a circle and a square", SHAPES)).hasMessageContaining("2 labels");
		assertThatThrownBy(() -> PromptParser.parse("a small large circle", SHAPES)).hasMessageContaining("size");
		assertThatThrownBy(() -> PromptParser.parse("the image", SHAPES)).hasMessageContaining("names nothing");
		assertThatThrownBy(() -> PromptParser.parse("", SHAPES)).hasMessageContaining("names nothing");
		PromptException problem = (PromptException) org.assertj.core.api.Assertions
			.catchThrowable(() -> PromptParser.parse("hexagon", SHAPES));
		assertThat(problem.toApiException("text").getMessage()).contains("circle", "size", "brightness");
	}

	@Test
	void refusesAPhraseWithTwoMeanings() {
		ConditionVocabulary both = new ConditionVocabulary(List.of("a"),
				List.of(new Attribute("strokeWidth", ConditionVocabulary.BIN_NAMES, 0.0, 1.0),
						new Attribute("thickness", ConditionVocabulary.BIN_NAMES, 0.0, 1.0)));
		assertThatThrownBy(() -> PromptParser.parse("thin", both)).hasMessageContaining("ambiguous");
		assertThat(PromptParser.parse("low thickness", both))
			.isEqualTo(new Condition(null, Map.of("thickness", "low")));
	}

}
