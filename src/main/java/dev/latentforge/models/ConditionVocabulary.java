package dev.latentforge.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.DatasetInfo.AttributeInfo;
import dev.latentforge.datasets.DatasetInfo.AttributeKind;

/**
 * What a conditional model can be asked for: a data set's class labels and its
 * attributes, and how a condition is encoded as the vector fed to the model. A label is
 * one-hot; each attribute is one-hot over its values; a part the caller leaves out is all
 * zeros (a conditional model is trained with parts dropped at random so that it learns
 * that zeros mean "any"). Numeric attributes are binned: {@link #BINS} equal-width bins
 * between the data set's minimum and maximum, named {@code low}, {@code medium} and
 * {@code high}.
 *
 * @param labels the class labels, in label order (empty when the set has none)
 * @param attributes the attributes, in column order
 */
public record ConditionVocabulary(List<String> labels, List<Attribute> attributes) {

	/** The number of bins of a numeric attribute. */
	public static final int BINS = 3;

	/** The names of a numeric attribute's bins, from the smallest values up. */
	public static final List<String> BIN_NAMES = List.of("low", "medium", "high");

	/** An unconditional model's vocabulary. */
	public static final ConditionVocabulary NONE = new ConditionVocabulary(List.of(), List.of());

	public ConditionVocabulary {
		labels = List.copyOf(labels);
		attributes = List.copyOf(attributes);
	}

	/**
	 * One attribute.
	 *
	 * @param name the attribute's column name
	 * @param values the names of its values, in encoding order
	 * @param min the smallest value of a numeric attribute ({@code null} when
	 * categorical)
	 * @param max the largest value of a numeric attribute ({@code null} when categorical)
	 */
	public record Attribute(String name, List<String> values, Double min, Double max) {

		public Attribute {
			values = List.copyOf(values);
		}

		public boolean numeric() {
			return this.min != null;
		}

		/** The value index of a stored column value (a category code or a number). */
		public int index(double stored) {
			if (!numeric()) {
				return Math.max(0, Math.min(this.values.size() - 1, (int) Math.round(stored)));
			}
			double span = this.max - this.min;
			int bin = (span <= 0) ? 0 : (int) Math.floor((stored - this.min) / span * this.values.size());
			return Math.max(0, Math.min(this.values.size() - 1, bin));
		}

	}

	/**
	 * A condition as a caller states it.
	 *
	 * @param label a class label, or {@code null} for any
	 * @param attributes attribute name to value name; absent attributes mean any
	 */
	public record Condition(String label, Map<String, String> attributes) {

		public Condition {
			attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
		}

	}

	/**
	 * The vocabulary of a data set.
	 * @param info the data set
	 * @param useAttributes whether the model is conditioned on the attributes as well as
	 * the labels
	 */
	public static ConditionVocabulary of(DatasetInfo info, boolean useAttributes) {
		List<Attribute> attributes = new ArrayList<>();
		if (useAttributes && info.attributes() != null) {
			for (AttributeInfo attribute : info.attributes()) {
				if (attribute.kind() == AttributeKind.CATEGORICAL) {
					attributes.add(new Attribute(attribute.name(), attribute.categories(), null, null));
				}
				else {
					attributes.add(new Attribute(attribute.name(), BIN_NAMES, attribute.min(), attribute.max()));
				}
			}
		}
		return new ConditionVocabulary(info.classes(), attributes);
	}

	/** The length of an encoded condition. */
	public int size() {
		int size = this.labels.size();
		for (Attribute attribute : this.attributes) {
			size += attribute.values().size();
		}
		return size;
	}

	/**
	 * Encodes a stated condition.
	 * @throws IllegalArgumentException naming the unknown label, attribute or value
	 */
	public float[] encode(Condition condition) {
		float[] encoded = new float[size()];
		if (condition.label() != null) {
			int label = this.labels.indexOf(condition.label());
			if (label < 0) {
				throw new IllegalArgumentException(
						"unknown label '" + condition.label() + "'; known labels: " + this.labels);
			}
			encoded[label] = 1;
		}
		for (Map.Entry<String, String> entry : condition.attributes().entrySet()) {
			int offset = this.labels.size();
			Attribute found = null;
			for (Attribute attribute : this.attributes) {
				if (attribute.name().equals(entry.getKey())) {
					found = attribute;
					break;
				}
				offset += attribute.values().size();
			}
			if (found == null) {
				throw new IllegalArgumentException("unknown attribute '" + entry.getKey() + "'; known attributes: "
						+ this.attributes.stream().map(Attribute::name).toList());
			}
			int value = found.values().indexOf(entry.getValue());
			if (value < 0) {
				throw new IllegalArgumentException("unknown value '" + entry.getValue() + "' of attribute '"
						+ found.name() + "'; known values: " + found.values());
			}
			encoded[offset + value] = 1;
		}
		return encoded;
	}

	/**
	 * Encodes a training example's condition from its stored label and attribute row.
	 * @param label the class label index, or a negative number for none
	 * @param attributeRow the stored attribute values (one per data set attribute column;
	 * {@code null} when the model uses no attributes)
	 * @param keepLabel whether to keep the label (false drops it to "any")
	 * @param keepAttribute per attribute, whether to keep it
	 */
	public float[] encodeExample(int label, float[] attributeRow, boolean keepLabel, boolean[] keepAttribute) {
		float[] encoded = new float[size()];
		if (keepLabel && label >= 0 && label < this.labels.size()) {
			encoded[label] = 1;
		}
		int offset = this.labels.size();
		for (int a = 0; a < this.attributes.size(); a++) {
			Attribute attribute = this.attributes.get(a);
			if (attributeRow != null && (keepAttribute == null || keepAttribute[a])) {
				encoded[offset + attribute.index(attributeRow[a])] = 1;
			}
			offset += attribute.values().size();
		}
		return encoded;
	}

}
