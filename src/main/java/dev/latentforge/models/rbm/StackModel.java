package dev.latentforge.models.rbm;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ChainSampling;
import dev.latentforge.models.Classifying;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;

/**
 * A trained RBM or DBN loaded for inference: Gibbs chains ({@link ChainSampling}),
 * features and filters ({@link RbmFeatures}) and, for a fine-tuned DBN, the classifier
 * ({@link Classifying}, served by the generic {@code POST /models/{id}/classify}).
 */
final class StackModel implements LoadedModel, ChainSampling, RbmFeatures, Classifying {

	private final RbmStack stack;

	private final NDManager manager;

	private final int[] imageShape;

	private final List<String> classes;

	StackModel(RbmStack stack, NDManager manager, int[] imageShape, List<String> classes) {
		this.stack = stack;
		this.manager = manager;
		this.imageShape = imageShape;
		this.classes = classes;
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

	/**
	 * Whether this checkpoint has a classifier (it was written after fine-tuning began).
	 */
	boolean hasClassifier() {
		return this.stack.classifier() != null;
	}

	@Override
	public List<String> classes() {
		return this.classes;
	}

	/**
	 * The fine-tuned classifier's class probabilities; a checkpoint written before the
	 * fine-tuning began has none (409).
	 */
	@Override
	public NDArray probabilities(NDArray images) {
		if (!hasClassifier()) {
			throw new ApiException(ProblemType.CONFLICT,
					"This checkpoint was written before the classifier's fine-tuning began; use a later checkpoint");
		}
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
