package dev.latentforge.models.gan;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.Examples;

/**
 * How a conditional GAN's training examples become condition vectors: the vocabulary is
 * the selected classes (all the data set's classes when none are selected) and, with
 * {@code attributes}, the data set's attributes (numeric ones binned low/medium/high by
 * {@link ConditionVocabulary}). Each part of a training example's condition (the label,
 * each attribute) is dropped to zeros with probability {@code conditionDropout}, so the
 * model learns that zeros mean "any" and a caller may state only part of a condition.
 */
final class Conditions {

	private final ConditionVocabulary vocabulary;

	/** Stored label index → vocabulary label index (−1 when not selected). */
	private final int[] labelMap;

	private final double dropout;

	private Conditions(ConditionVocabulary vocabulary, int[] labelMap, double dropout) {
		this.vocabulary = vocabulary;
		this.labelMap = labelMap;
		this.dropout = dropout;
	}

	/**
	 * The conditions of a resolved spec's model.
	 * @param spec the resolved spec (its vocabulary is the data set's)
	 * @param selection the job's data selection (its classes narrow the labels)
	 */
	static Conditions of(GanSpec spec, DataSelection selection) {
		if (!spec.conditional()) {
			return null;
		}
		ConditionVocabulary all = spec.vocabulary();
		List<String> labels = new ArrayList<>();
		for (String label : all.labels()) {
			if (selection == null || selection.classes() == null || selection.classes().isEmpty()
					|| selection.classes().contains(label)) {
				labels.add(label);
			}
		}
		int[] map = new int[all.labels().size()];
		for (int i = 0; i < map.length; i++) {
			map[i] = labels.indexOf(all.labels().get(i));
		}
		return new Conditions(new ConditionVocabulary(labels, all.attributes()), map, spec.conditionDropout());
	}

	ConditionVocabulary vocabulary() {
		return this.vocabulary;
	}

	int size() {
		return this.vocabulary.size();
	}

	/** The number of labels: the condition vector's first entries, one-hot. */
	int labels() {
		return this.vocabulary.labels().size();
	}

	/**
	 * The encoded conditions of examples, row after row.
	 * @param examples the examples
	 * @param positions their positions
	 * @param random the draws that drop parts, or {@code null} to keep every part
	 */
	float[] encode(Examples examples, int[] positions, SplittableRandom random) {
		int size = size();
		float[] out = new float[positions.length * size];
		int[] labels = examples.labels(positions);
		int attributes = this.vocabulary.attributes().size();
		for (int i = 0; i < positions.length; i++) {
			int label = labels != null ? this.labelMap[labels[i]] : -1;
			boolean keepLabel = random == null || random.nextDouble() >= this.dropout;
			boolean[] keep = new boolean[attributes];
			for (int a = 0; a < attributes; a++) {
				keep[a] = random == null || random.nextDouble() >= this.dropout;
			}
			float[] row = attributes > 0 ? examples.attributes(positions[i]) : null;
			float[] encoded = this.vocabulary.encodeExample(label, row, keepLabel, keep);
			System.arraycopy(encoded, 0, out, i * size, size);
		}
		return out;
	}

	/**
	 * The fixed bank's conditions: row r asks for label r mod K and nothing else, so a
	 * grid of 8 columns shows each label along its rows.
	 */
	float[] bank(int count, int columns) {
		int size = size();
		float[] out = new float[count * size];
		int labels = this.vocabulary.labels().size();
		for (int i = 0; i < count; i++) {
			if (labels > 0) {
				out[i * size + (i / columns) % labels] = 1;
			}
		}
		return out;
	}

}
