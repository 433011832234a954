package dev.latentforge.models;

import java.util.List;

import ai.djl.ndarray.NDArray;

/**
 * The operation of a model that classifies images: float32 [B, C, H, W] in [0, 1] in,
 * class probabilities [B, classes] out. Every row's result depends only on that row.
 */
public interface Classifying {

	/** The class names, in the order of the probabilities. */
	List<String> classes();

	NDArray probabilities(NDArray images);

}
