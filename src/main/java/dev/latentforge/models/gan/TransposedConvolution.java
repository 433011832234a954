package dev.latentforge.models.gan;

import ai.djl.ndarray.NDArray;
import dev.latentforge.engine.nn.TransposedConv2d;

/**
 * G's upsampling: the engine's exact transposed convolution (PyTorch ConvTranspose2d
 * semantics, weight [in, out, k, k]).
 */
final class TransposedConvolution {

	private TransposedConvolution() {
	}

	static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
		return TransposedConv2d.transposedConv2d(x, weight, bias, stride, padding, 0);
	}

}
