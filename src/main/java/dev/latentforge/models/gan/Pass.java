package dev.latentforge.models.gan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;

/**
 * One forward pass through a player: whether it trains (batch norm uses and updates batch
 * statistics), whether it is virtual batch norm's reference pass (which records each
 * stage's statistics), the reference statistics to normalise with, and the hidden stages'
 * outputs (for feature matching and diversity).
 */
final class Pass {

	final boolean training;

	final boolean reference;

	/**
	 * Per virtual-batch-norm stage: the reference batch's per-feature sum, sum of squares
	 * and count.
	 */
	final Map<String, NDArray[]> referenceStats;

	final List<NDArray> features = new ArrayList<>();

	/**
	 * D's auxiliary classifier logits [B, labels] (AC-GAN), or {@code null} when D has no
	 * such head.
	 */
	NDArray classLogits;

	private Pass(boolean training, boolean reference, Map<String, NDArray[]> referenceStats) {
		this.training = training;
		this.reference = reference;
		this.referenceStats = referenceStats;
	}

	static Pass training() {
		return new Pass(true, false, new HashMap<>());
	}

	static Pass inference() {
		return new Pass(false, false, new HashMap<>());
	}

	/** The reference pass of virtual batch norm, which records statistics. */
	static Pass reference(boolean training) {
		return new Pass(training, true, new HashMap<>());
	}

	/** A pass that normalises with the statistics a reference pass recorded. */
	static Pass withReference(boolean training, Pass reference) {
		return new Pass(training, false, reference.referenceStats);
	}

}
