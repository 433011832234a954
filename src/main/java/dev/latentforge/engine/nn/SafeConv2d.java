package dev.latentforge.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DJL's {@link Conv2d} block (same parameters, shapes, initialisation and output shape)
 * whose forward pass goes through {@link Convolutions#conv2d}, which avoids the engine's
 * faulty oneDNN convolution. Square strides and paddings, no dilation, one group: what
 * this service's networks use.
 */
public final class SafeConv2d extends Conv2d {

	/**
	 * @param builder a configured {@code Conv2d.builder()}
	 */
	public SafeConv2d(Conv2d.Builder builder) {
		super(builder);
		if (this.stride.get(0) != this.stride.get(1) || this.padding.get(0) != this.padding.get(1)
				|| this.dilation.get(0) != 1 || this.dilation.get(1) != 1 || this.groups != 1) {
			throw new IllegalArgumentException("SafeConv2d takes square strides and paddings, no dilation and "
					+ "one group; got stride " + this.stride + ", padding " + this.padding + ", dilation "
					+ this.dilation + ", groups " + this.groups);
		}
	}

	@Override
	protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
			PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray w = store.getValue(this.weight, x.getDevice(), training);
		NDArray b = this.includeBias ? store.getValue(this.bias, x.getDevice(), training) : null;
		return new NDList(Convolutions.conv2d(x, w, b, (int) this.stride.get(0), (int) this.padding.get(0)));
	}

}
