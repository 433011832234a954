package dev.latentforge.prompts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.ConditionVocabulary.Attribute;
import dev.latentforge.models.ConditionVocabulary.Condition;

/**
 * Reads a prompt's text as a condition of a model's vocabulary. The grammar:
 * <ul>
 * <li>The text is lower-cased and split into words at every character that is not a
 * letter or digit ("T-shirt/top" is the words {@code t shirt top}).</li>
 * <li>From the left, the longest known phrase is taken at each position. Known phrases: a
 * <b>label</b> (all its words; each {@code /}-separated alternative of it; its words
 * written together, "tshirt"), each also in the plural (last word + s, es, or y → ies);
 * for a <b>numeric attribute</b>, a bin name ({@code low}, {@code medium}, {@code high})
 * before or after the attribute's name ("high brightness", "size low"), and everyday
 * words for bins ({@link AttributeWords}: size small/medium/large, brightness
 * dark/grey/bright, stroke width thin/thick, x left/right, y top/bottom, age young/old);
 * for a <b>categorical attribute</b>, a value alone, or before or after the attribute's
 * name, and the attribute's name alone for its {@code yes}/{@code true}/ {@code 1} value
 * ("smiling"), with {@code not}/{@code no}/{@code non} before it for the opposite
 * value.</li>
 * <li>Filler words ({@link #FILLER}: a, an, the, with, and, of, image, picture...) are
 * skipped.</li>
 * </ul>
 * A word that is neither known nor filler, two different labels, two values of one
 * attribute, a phrase with two meanings, or a text that names nothing known is refused
 * with a {@link PromptException} listing what the model knows.
 */
public final class PromptParser {

	/** Words that carry no condition. */
	static final Set<String> FILLER = Set.of("a", "an", "the", "some", "one", "of", "with", "and", "in", "on", "at",
			"to", "very", "quite", "rather", "please", "me", "draw", "show", "generate", "make", "give", "create",
			"image", "images", "picture", "pictures", "photo", "photos", "sample", "samples", "sized", "coloured",
			"colored", "shaped");

	private PromptParser() {
	}

	/**
	 * Parses a prompt's text.
	 * @param text the text
	 * @param vocabulary the model's vocabulary
	 * @return the condition it names
	 * @throws PromptException when the text cannot be read (see the class comment)
	 */
	public static Condition parse(String text, ConditionVocabulary vocabulary) {
		Map<String, List<Meaning>> phrases = phrases(vocabulary);
		int longest = phrases.keySet().stream().mapToInt((p) -> p.split(" ").length).max().orElse(1);
		List<String> words = words(text);
		Set<String> labels = new LinkedHashSet<>();
		Map<String, Set<String>> attributes = new LinkedHashMap<>();
		List<String> unknown = new ArrayList<>();
		int i = 0;
		while (i < words.size()) {
			int matched = 0;
			for (int n = Math.min(longest, words.size() - i); n >= 1; n--) {
				List<Meaning> meanings = phrases.get(String.join(" ", words.subList(i, i + n)));
				if (meanings != null) {
					if (new LinkedHashSet<>(meanings).size() > 1) {
						throw new PromptException("'" + String.join(" ", words.subList(i, i + n))
								+ "' is ambiguous: it could mean " + meanings + "; name the attribute", vocabulary);
					}
					Meaning meaning = meanings.get(0);
					if (meaning.attribute() == null) {
						labels.add(meaning.value());
					}
					else {
						attributes.computeIfAbsent(meaning.attribute(), (k) -> new LinkedHashSet<>())
							.add(meaning.value());
					}
					matched = n;
					break;
				}
			}
			if (matched == 0) {
				if (!FILLER.contains(words.get(i))) {
					unknown.add(words.get(i));
				}
				matched = 1;
			}
			i += matched;
		}
		if (!unknown.isEmpty()) {
			throw new PromptException("the prompt has words this model does not know: " + unknown, vocabulary);
		}
		if (labels.size() > 1) {
			throw new PromptException(
					"the prompt names " + labels.size() + " labels " + labels + "; a prompt may name at most one",
					vocabulary);
		}
		Map<String, String> chosen = new LinkedHashMap<>();
		attributes.forEach((name, values) -> {
			if (values.size() > 1) {
				throw new PromptException("the prompt gives attribute '" + name + "' " + values.size() + " values "
						+ values + "; give at most one", vocabulary);
			}
			chosen.put(name, values.iterator().next());
		});
		if (labels.isEmpty() && chosen.isEmpty()) {
			throw new PromptException("the prompt '" + text + "' names nothing this model knows", vocabulary);
		}
		return new Condition(labels.isEmpty() ? null : labels.iterator().next(), chosen);
	}

	/**
	 * What a known phrase means: a label ({@code attribute} null) or an attribute value.
	 */
	record Meaning(String attribute, String value) {

		@Override
		public String toString() {
			return this.attribute == null ? "label '" + this.value + "'" : this.attribute + " '" + this.value + "'";
		}

	}

	static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

	/** Splits camelCase and separators into lower-case words. */
	static List<String> nameWords(String name) {
		return words(name.replaceAll("([a-z0-9])([A-Z])", "$1 $2"));
	}

	static Map<String, List<Meaning>> phrases(ConditionVocabulary vocabulary) {
		Map<String, List<Meaning>> phrases = new LinkedHashMap<>();
		for (String label : vocabulary.labels()) {
			Meaning meaning = new Meaning(null, label);
			Set<List<String>> aliases = new LinkedHashSet<>();
			aliases.add(words(label));
			for (String alternative : label.split("/")) {
				aliases.add(words(alternative));
			}
			for (List<String> alias : List.copyOf(aliases)) {
				if (alias.size() > 1) {
					aliases.add(List.of(String.join("", alias)));
				}
			}
			for (List<String> alias : aliases) {
				if (alias.isEmpty()) {
					continue;
				}
				add(phrases, String.join(" ", alias), meaning);
				for (String plural : plurals(alias.get(alias.size() - 1))) {
					List<String> words = new ArrayList<>(alias.subList(0, alias.size() - 1));
					words.add(plural);
					add(phrases, String.join(" ", words), meaning);
				}
			}
		}
		for (Attribute attribute : vocabulary.attributes()) {
			List<String> names = new ArrayList<>();
			names.add(String.join(" ", nameWords(attribute.name())));
			names.addAll(AttributeWords.NAMES.getOrDefault(AttributeWords.normalise(attribute.name()), List.of()));
			for (String value : attribute.values()) {
				Meaning meaning = new Meaning(attribute.name(), value);
				String valueWords = String.join(" ", words(value));
				for (String name : names) {
					add(phrases, valueWords + " " + name, meaning);
					add(phrases, name + " " + valueWords, meaning);
				}
				if (attribute.numeric()) {
					AttributeWords.SYNONYMS.getOrDefault(AttributeWords.normalise(attribute.name()), Map.of())
						.getOrDefault(value, List.of())
						.forEach((synonym) -> {
							add(phrases, synonym, meaning);
							for (String name : names) {
								add(phrases, synonym + " " + name, meaning);
							}
						});
				}
				else {
					add(phrases, valueWords, meaning);
					if (Set.of("yes", "true", "1").contains(valueWords)) {
						names.forEach((name) -> add(phrases, name, meaning));
					}
					if (Set.of("no", "false", "0").contains(valueWords)) {
						for (String name : names) {
							for (String negation : List.of("not", "no", "non")) {
								add(phrases, negation + " " + name, meaning);
							}
						}
					}
				}
			}
		}
		return phrases;
	}

	private static void add(Map<String, List<Meaning>> phrases, String phrase, Meaning meaning) {
		List<Meaning> meanings = phrases.computeIfAbsent(phrase, (k) -> new ArrayList<>());
		if (!meanings.contains(meaning)) {
			meanings.add(meaning);
		}
	}

	static List<String> plurals(String word) {
		if (word.isEmpty() || !Character.isLetter(word.charAt(word.length() - 1))) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		if (word.endsWith("y") && word.length() > 1 && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
			out.add(word.substring(0, word.length() - 1) + "ies");
		}
		else if (word.endsWith("s") || word.endsWith("x") || word.endsWith("ch") || word.endsWith("sh")) {
			out.add(word + "es");
		}
		else {
			out.add(word + "s");
		}
		return out;
	}

}
