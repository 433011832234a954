package dev.latentforge.models.gan;

import ai.djl.ndarray.NDArray;

/**
 * Calls the engine's exact transposed convolution (PyTorch ConvTranspose2d semantics).
 */
final class TransposedConvolution {

	private TransposedConvolution() {
	}

	static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
		throw new UnsupportedOperationException("waiting for engine.nn.TransposedConv2d on main");
	}

}
