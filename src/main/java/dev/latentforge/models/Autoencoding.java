package dev.latentforge.models;

import ai.djl.ndarray.NDArray;

/**
 * The operations of a model with an encoder and a decoder. Inputs are images as float32
 * [B, C, H, W] in [0, 1]; codes are float32 [B, latentSize]. Every row's result depends
 * only on that row.
 */
public interface Autoencoding {

	int latentSize();

	NDArray encode(NDArray images);

	NDArray decode(NDArray codes);

	NDArray reconstruct(NDArray images);

}
