package dev.latentforge.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.tensors.Tensor;

/**
 * A chosen subset of one split of a data set: the stored arrays plus the indices of the
 * chosen examples. Values are scaled to [0, 1] (images) or kept as they are (points) when
 * a batch is made.
 */
public final class Examples {

	private final DatasetInfo info;

	private final Tensor images;

	private final int[] labels;

	private final int[] indices;

	private final Tensor attributes;

	public Examples(DatasetInfo info, Tensor images, int[] labels, int[] indices) {
		this(info, images, labels, indices, null);
	}

	/**
	 * Chosen examples with their attribute rows.
	 * @param attributes float32 [N, A] attribute values of the whole split, or
	 * {@code null}
	 */
	public Examples(DatasetInfo info, Tensor images, int[] labels, int[] indices, Tensor attributes) {
		this.info = info;
		this.images = images;
		this.labels = labels;
		this.indices = indices;
		this.attributes = attributes;
	}

	public int count() {
		return this.indices.length;
	}

	public DatasetInfo info() {
		return this.info;
	}

	/** The shape of one example: [C, H, W] for images, [d] for points. */
	public Shape exampleShape() {
		return this.info.kind() == DatasetInfo.DatasetKind.POINTS ? new Shape(this.info.width())
				: new Shape(this.info.channels(), this.info.height(), this.info.width());
	}

	/**
	 * The values of the chosen examples at the given positions, as floats, row after row.
	 */
	public float[] values(int[] positions) {
		int size = this.info.exampleSize();
		float[] out = new float[positions.length * size];
		float scale = (float) (1.0 / this.info.maxValue());
		byte[] raw = this.images.rawData();
		java.nio.ByteBuffer buffer = this.images.buffer();
		for (int row = 0; row < positions.length; row++) {
			int stored = this.indices[positions[row]];
			int offset = stored * size;
			switch (this.images.dtype()) {
				case UINT8 -> {
					for (int k = 0; k < size; k++) {
						out[row * size + k] = (raw[offset + k] & 0xFF) * scale;
					}
				}
				case UINT16 -> {
					for (int k = 0; k < size; k++) {
						out[row * size + k] = (buffer.getShort((offset + k) * 2) & 0xFFFF) * scale;
					}
				}
				case FLOAT32 -> {
					for (int k = 0; k < size; k++) {
						out[row * size + k] = buffer.getFloat((offset + k) * 4);
					}
				}
				default -> throw new IllegalStateException("unsupported stored type " + this.images.dtype());
			}
		}
		return out;
	}

	/** A batch as an NDArray of shape [B, C, H, W] (images) or [B, d] (points). */
	public NDArray batch(NDManager manager, int[] positions) {
		Shape shape = new Shape(positions.length).addAll(exampleShape());
		return manager.create(values(positions), shape);
	}

	/**
	 * The class labels of the examples at the given positions; {@code null} when
	 * unlabelled.
	 */
	public int[] labels(int[] positions) {
		if (this.labels == null) {
			return null;
		}
		int[] out = new int[positions.length];
		for (int i = 0; i < positions.length; i++) {
			out[i] = this.labels[this.indices[positions[i]]];
		}
		return out;
	}

	/**
	 * The attribute row (numeric values or category codes, in the data set's column
	 * order) of the example at a position; {@code null} when the set has no attributes.
	 */
	public float[] attributes(int position) {
		if (this.attributes == null) {
			return null;
		}
		int columns = this.attributes.dim(1);
		float[] out = new float[columns];
		java.nio.ByteBuffer buffer = this.attributes.buffer();
		int row = this.indices[position];
		for (int a = 0; a < columns; a++) {
			out[a] = buffer.getFloat((row * columns + a) * 4);
		}
		return out;
	}

}
