package dev.latentforge.prompts;

import java.util.List;
import java.util.Map;

/**
 * Everyday words for the bins of numeric attributes, by attribute name: "small" is the
 * {@code low} bin of {@code size}, "bright" the {@code high} bin of {@code brightness}.
 * Attribute names are compared in lower case without separators ({@code strokeWidth},
 * {@code stroke_width} and {@code stroke width} are the same). Any numeric attribute also
 * takes its bin names next to its name ("high brightness", "size low").
 */
final class AttributeWords {

	/** Attribute (normalised) to bin name to words meaning that bin. */
	static final Map<String, Map<String, List<String>>> SYNONYMS = Map.of(
			// size
			"size",
			Map.of("low", List.of("small", "tiny", "little"), "medium",
					List.of("medium", "medium sized", "mid sized", "average sized"), "high",
					List.of("large", "big", "huge")),
			"brightness",
			Map.of("low", List.of("dark", "dim"), "medium", List.of("grey", "gray", "mid bright"), "high",
					List.of("bright", "light", "brilliant")),
			"strokewidth", Map.of("low", List.of("thin", "fine"), "high", List.of("thick", "bold")), "thickness",
			Map.of("low", List.of("thin"), "high", List.of("thick")), "x",
			Map.of("low", List.of("left"), "medium", List.of("centred", "centered"), "high", List.of("right")), "y",
			Map.of("low", List.of("top", "upper"), "high", List.of("bottom", "lower")), "age",
			Map.of("low", List.of("young"), "high", List.of("old")));

	/** Alternative spellings of attribute names as they appear in prompts. */
	static final Map<String, List<String>> NAMES = Map.of("strokewidth", List.of("stroke width", "stroke"));

	private AttributeWords() {
	}

	static String normalise(String name) {
		return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

}
