package dev.latentforge.models;

import ai.djl.ndarray.NDArray;

/**
 * The operation of a model trained to undo a corruption (a denoising autoencoder): images
 * float32 [B, C, H, W] in [0, 1] in, cleaned images out. Every row's result depends only
 * on that row.
 */
public interface Denoising {

	/** The corruption the model was trained with (the default for a server-side demo). */
	Corruption corruption();

	NDArray denoise(NDArray images);

}
