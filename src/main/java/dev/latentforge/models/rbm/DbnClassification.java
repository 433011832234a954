package dev.latentforge.models.rbm;

import ai.djl.ndarray.NDArray;

/**
 * The classifier of a DBN fine-tuned with labels ({@code POST /models/{id}/classify}).
 */
public interface DbnClassification {

	/**
	 * Whether this checkpoint has a classifier (checkpoints written before fine-tuning
	 * began have none).
	 */
	boolean hasClassifier();

	/** The number of classes. */
	int classCount();

	/**
	 * Class probabilities.
	 * @param images float32 [B, C, H, W] in [0, 1]
	 * @return float32 [B, classCount()]
	 */
	NDArray classify(NDArray images);

}
