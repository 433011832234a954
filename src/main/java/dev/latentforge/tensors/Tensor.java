package dev.latentforge.tensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable n-dimensional array held as little-endian bytes in row-major (C) order,
 * the layout of NumPy, safetensors and PyTorch's contiguous tensors.
 */
public final class Tensor {

	private final DType dtype;

	private final int[] shape;

	private final byte[] data;

	public Tensor(DType dtype, int[] shape, byte[] data) {
		this.dtype = Objects.requireNonNull(dtype);
		this.shape = shape.clone();
		long expected = elementCount(shape) * dtype.size();
		if (data.length != expected) {
			throw new TensorFormatException("tensor of shape " + Arrays.toString(shape) + " and type " + dtype
					+ " needs " + expected + " bytes, got " + data.length);
		}
		this.data = data;
	}

	public static Tensor ofFloats(int[] shape, float[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asFloatBuffer().put(values);
		return new Tensor(DType.FLOAT32, shape, buffer.array());
	}

	public static Tensor ofInts(int[] shape, int[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asIntBuffer().put(values);
		return new Tensor(DType.INT32, shape, buffer.array());
	}

	public static Tensor ofUint8(int[] shape, byte[] values) {
		return new Tensor(DType.UINT8, shape, values.clone());
	}

	public static Tensor ofUint16(int[] shape, short[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asShortBuffer().put(values);
		return new Tensor(DType.UINT16, shape, buffer.array());
	}

	public static long elementCount(int[] shape) {
		long count = 1;
		for (int dim : shape) {
			if (dim < 0) {
				throw new TensorFormatException("negative dimension in shape " + Arrays.toString(shape));
			}
			try {
				count = Math.multiplyExact(count, dim);
			}
			catch (ArithmeticException ex) {
				throw new TensorFormatException("shape " + Arrays.toString(shape) + " has too many elements");
			}
		}
		return count;
	}

	public DType dtype() {
		return this.dtype;
	}

	public int[] shape() {
		return this.shape.clone();
	}

	public int rank() {
		return this.shape.length;
	}

	public int dim(int axis) {
		return this.shape[axis];
	}

	public long elementCount() {
		return elementCount(this.shape);
	}

	/** The raw little-endian bytes; callers must not modify them. */
	public byte[] rawData() {
		return this.data;
	}

	public ByteBuffer buffer() {
		return ByteBuffer.wrap(this.data)
			.order(ByteOrder.LITTLE_ENDIAN)
			.asReadOnlyBuffer()
			.order(ByteOrder.LITTLE_ENDIAN);
	}

	/** The values as floats (integer types converted exactly where representable). */
	public float[] toFloatArray() {
		int n = Math.toIntExact(elementCount());
		float[] out = new float[n];
		ByteBuffer buffer = buffer();
		switch (this.dtype) {
			case FLOAT32 -> buffer.asFloatBuffer().get(out);
			case FLOAT64 -> {
				for (int i = 0; i < n; i++) {
					out[i] = (float) buffer.getDouble(i * 8);
				}
			}
			case UINT8 -> {
				for (int i = 0; i < n; i++) {
					out[i] = this.data[i] & 0xFF;
				}
			}
			case UINT16 -> {
				for (int i = 0; i < n; i++) {
					out[i] = buffer.getShort(i * 2) & 0xFFFF;
				}
			}
			case INT32 -> {
				for (int i = 0; i < n; i++) {
					out[i] = buffer.getInt(i * 4);
				}
			}
			case INT64 -> {
				for (int i = 0; i < n; i++) {
					out[i] = buffer.getLong(i * 8);
				}
			}
		}
		return out;
	}

	/** The values as ints; only for integer types. */
	public int[] toIntArray() {
		int n = Math.toIntExact(elementCount());
		int[] out = new int[n];
		ByteBuffer buffer = buffer();
		switch (this.dtype) {
			case UINT8 -> {
				for (int i = 0; i < n; i++) {
					out[i] = this.data[i] & 0xFF;
				}
			}
			case UINT16 -> {
				for (int i = 0; i < n; i++) {
					out[i] = buffer.getShort(i * 2) & 0xFFFF;
				}
			}
			case INT32 -> buffer.asIntBuffer().get(out);
			case INT64 -> {
				for (int i = 0; i < n; i++) {
					out[i] = Math.toIntExact(buffer.getLong(i * 8));
				}
			}
			default -> throw new TensorFormatException("cannot read " + this.dtype + " as integers");
		}
		return out;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Tensor that && this.dtype == that.dtype && Arrays.equals(this.shape, that.shape)
				&& Arrays.equals(this.data, that.data);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.shape) + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return "Tensor[" + this.dtype + " " + Arrays.toString(this.shape) + "]";
	}

}
