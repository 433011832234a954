package dev.latentforge.models.rbm;

import ai.djl.ndarray.NDArray;

/**
 * The representation operations of a trained RBM or DBN ({@code POST
 * /models/{id}/transform}, {@code GET /models/{id}/filters.png}).
 */
public interface RbmFeatures {

	/** The number of features: the top layer's hidden units. */
	int featureSize();

	/**
	 * The top layer's hidden probabilities, up through every layer with probabilities.
	 * @param images float32 [B, C, H, W] in [0, 1]; Bernoulli models use the intensities
	 * as probabilities ({@code threshold} models binarise at 0.5)
	 * @return float32 [B, featureSize()]
	 */
	NDArray transform(NDArray images);

	/**
	 * The bottom layer's weights, one row per hidden unit: row j holds W[:, j], the
	 * weights from every pixel to hidden unit j, in (C, H, W) order.
	 */
	float[][] filters();

	/** The shape of one image, [C, H, W]. */
	int[] imageShape();

}
