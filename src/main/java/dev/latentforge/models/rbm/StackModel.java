package dev.latentforge.models.rbm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ChainSampling;
import dev.latentforge.models.LoadedModel;

/**
 * A trained RBM or DBN loaded for inference: Gibbs chains ({@link ChainSampling}),
 * features and filters ({@link RbmFeatures}) and, for a fine-tuned DBN, the classifier
 * ({@link DbnClassification}).
 */
final class StackModel implements LoadedModel, ChainSampling, RbmFeatures, DbnClassification {

	private final RbmStack stack;

	private final NDManager manager;

	private final int[] imageShape;

	StackModel(RbmStack stack, NDManager manager, int[] imageShape) {
		this.stack = stack;
		this.manager = manager;
		this.imageShape = imageShape;
	}

	RbmStack stack() {
		return this.stack;
	}

	@Override
	public Chain start(NDManager chainManager, int chains, NDArray start, Rng rng) {
		return GibbsChain.start(this.stack, this.imageShape, chainManager, chains, start, rng);
	}

	/** Clamping needs the pixels in the chain's state: an RBM's, not a DBN's. */
	@Override
	public boolean supportsClamping() {
		return this.stack.layers().size() == 1;
	}

	@Override
	public int featureSize() {
		return this.stack.top().hiddenUnits();
	}

	@Override
	public NDArray transform(NDArray images) {
		long batch = images.getShape().get(0);
		NDArray visible = this.stack.visibleFromImages(images.reshape(batch, this.stack.inputSize()));
		return this.stack.features(visible, this.stack.layers().size() - 1);
	}

	@Override
	public float[][] filters() {
		Rbm bottom = this.stack.layer(0);
		int visible = bottom.visibleUnits();
		int hidden = bottom.hiddenUnits();
		float[] weights = bottom.w().toFloatArray();
		float[][] out = new float[hidden][visible];
		for (int i = 0; i < visible; i++) {
			for (int j = 0; j < hidden; j++) {
				out[j][i] = weights[i * hidden + j];
			}
		}
		return out;
	}

	@Override
	public int[] imageShape() {
		return this.imageShape.clone();
	}

	@Override
	public boolean hasClassifier() {
		return this.stack.classifier() != null;
	}

	@Override
	public int classCount() {
		return hasClassifier() ? this.stack.classifier().classes() : 0;
	}

	@Override
	public NDArray classify(NDArray images) {
		long batch = images.getShape().get(0);
		NDArray visible = this.stack.visibleFromImages(images.reshape(batch, this.stack.inputSize()));
		return this.stack.classifier().probabilities(visible);
	}

	@Override
	public NDManager manager() {
		return this.manager;
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
