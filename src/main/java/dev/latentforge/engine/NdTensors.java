package dev.latentforge.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.tensors.DType;
import dev.latentforge.tensors.Tensor;

/**
 * Converts between DJL's NDArrays and our plain {@link Tensor}s, exactly (float32 bit for
 * bit).
 */
public final class NdTensors {

	private NdTensors() {
	}

	public static Tensor toTensor(NDArray array) {
		if (array.getDataType() != DataType.FLOAT32) {
			throw new IllegalArgumentException("only float32 arrays are stored, not " + array.getDataType());
		}
		return Tensor.ofFloats(shapeOf(array.getShape()), array.toFloatArray());
	}

	public static NDArray toNdArray(NDManager manager, Tensor tensor) {
		if (tensor.dtype() != DType.FLOAT32) {
			throw new IllegalArgumentException("expected a float32 tensor, got " + tensor);
		}
		return manager.create(tensor.toFloatArray(), shapeOf(tensor.shape()));
	}

	public static int[] shapeOf(Shape shape) {
		int[] dims = new int[shape.dimension()];
		for (int i = 0; i < dims.length; i++) {
			dims[i] = Math.toIntExact(shape.get(i));
		}
		return dims;
	}

	public static Shape shapeOf(int[] dims) {
		long[] out = new long[dims.length];
		for (int i = 0; i < dims.length; i++) {
			out[i] = dims[i];
		}
		return new Shape(out);
	}

}
