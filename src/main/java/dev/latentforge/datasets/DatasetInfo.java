package dev.latentforge.datasets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything known about a stored data set, written next to its arrays as
 * {@code dataset.json} so that a worker needs no database to read it.
 *
 * @param id the data set id (readable for built-ins, a UUID for uploads)
 * @param name a human name
 * @param kind images or points
 * @param builtin whether the service generates it
 * @param channels channels per image (1 for points)
 * @param height image height (1 for points)
 * @param width image width (the dimension for points)
 * @param bitDepth bits per stored sample: 8 or 16 for images, 32 for points (float)
 * @param classes the class names, in label order; empty for unlabelled data
 * @param attributes per-example attributes, in column order
 * @param splits the splits by name ({@code train}, {@code test})
 * @param sha256 the hash of the data files, in a fixed order
 * @param version the generator's version for built-ins, 1 for uploads
 * @param sizeBytes the bytes on disk
 * @param createdAt when it was stored
 */
public record DatasetInfo(String id, String name, DatasetKind kind, boolean builtin, int channels, int height,
		int width, int bitDepth, List<String> classes, List<AttributeInfo> attributes, Map<String, SplitInfo> splits,
		String sha256, int version, long sizeBytes, Instant createdAt) {

	/** The kinds of data a set holds. */
	public enum DatasetKind {

		/** Images stored as unsigned integers, shape [N, C, H, W]. */
		IMAGES,
		/** Points in R^d stored as float32, shape [N, d]. */
		POINTS

	}

	/** Whether an attribute is a number or one of a fixed set of categories. */
	public enum AttributeKind {

		NUMERIC, CATEGORICAL

	}

	/**
	 * One attribute column.
	 *
	 * @param name the column name
	 * @param kind numeric or categorical
	 * @param categories the categories, in code order (categorical only)
	 * @param min the smallest value (numeric only)
	 * @param max the largest value (numeric only)
	 */
	public record AttributeInfo(String name, AttributeKind kind, List<String> categories, Double min, Double max) {
	}

	/**
	 * One split.
	 *
	 * @param count the number of examples
	 * @param classCounts examples per class, in label order (empty for unlabelled data)
	 */
	public record SplitInfo(int count, List<Integer> classCounts) {
	}

	public boolean labelled() {
		return !this.classes.isEmpty();
	}

	/** Values per example: C·H·W. */
	public int exampleSize() {
		return this.channels * this.height * this.width;
	}

	/** The largest stored sample value, which maps to 1.0 (images); 1 for points. */
	public double maxValue() {
		return this.kind == DatasetKind.POINTS ? 1.0 : (1L << this.bitDepth) - 1;
	}

}
