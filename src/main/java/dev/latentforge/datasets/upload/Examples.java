package dev.latentforge.datasets.upload;

import java.util.List;

import dev.latentforge.tensors.Tensor;

/**
 * The examples of one split while an upload is assembled.
 *
 * @param images uint8 or uint16 [N, C, H, W]
 * @param labels class indices, or {@code null} when unlabelled
 * @param attributes float32 [N, A], or {@code null}
 * @param paths the archive path of each image, or {@code null} for IDX uploads
 */
record Examples(Tensor images, int[] labels, Tensor attributes, List<String> paths) {

	int count() {
		return this.images.dim(0);
	}

	Examples withAttributes(Tensor values) {
		return new Examples(this.images, this.labels, values, this.paths);
	}

	/** The examples at the given indices, in that order. */
	Examples select(int[] rows) {
		int[] labels = null;
		if (this.labels != null) {
			labels = new int[rows.length];
			for (int i = 0; i < rows.length; i++) {
				labels[i] = this.labels[rows[i]];
			}
		}
		List<String> paths = (this.paths != null) ? java.util.Arrays.stream(rows).mapToObj(this.paths::get).toList()
				: null;
		return new Examples(rows(this.images, rows), labels,
				(this.attributes != null) ? rows(this.attributes, rows) : null, paths);
	}

	/** The given entries along the first axis of a tensor. */
	static Tensor rows(Tensor tensor, int[] rows) {
		int[] shape = tensor.shape();
		int rowBytes = tensor.rawData().length / shape[0];
		byte[] out = new byte[rows.length * rowBytes];
		for (int i = 0; i < rows.length; i++) {
			System.arraycopy(tensor.rawData(), rows[i] * rowBytes, out, i * rowBytes, rowBytes);
		}
		shape[0] = rows.length;
		return new Tensor(tensor.dtype(), shape, out);
	}

}
