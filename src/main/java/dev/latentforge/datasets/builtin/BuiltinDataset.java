package dev.latentforge.datasets.builtin;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.DatasetInfo.AttributeInfo;
import dev.latentforge.datasets.DatasetInfo.DatasetKind;

/**
 * A data set that the service provides itself, under a readable id. Its content is a pure
 * function of its version (and, for converted sets, of their source files): a generator
 * whose output changes must bump {@link #version()}, and the tests pin each version's
 * sha256.
 */
public interface BuiltinDataset {

	/** The readable id, e.g. {@code shapes}. */
	String id();

	/** The generator's version; part of the directory name and recorded with jobs. */
	int version();

	/** Whether the data set can be provided here (a converted set needs its source). */
	default boolean available() {
		return true;
	}

	/**
	 * Whether the service must fail to start when this data set cannot be stored; a set
	 * converted from files outside the service is logged and skipped instead.
	 */
	default boolean required() {
		return true;
	}

	/**
	 * Generates the content.
	 * @return the metadata (without splits, sha256, size and creation time, which storing
	 * fills in) and the arrays by split
	 * @throws IOException if a source file cannot be read
	 */
	Content generate() throws IOException;

	/**
	 * A generated data set before it is stored.
	 *
	 * @param info the metadata
	 * @param splits the arrays by split name
	 */
	record Content(DatasetInfo info, Map<String, SplitData> splits) {
	}

	/** Describes a built-in's metadata; storing fills in the rest. */
	static DatasetInfo describe(BuiltinDataset builtin, String name, DatasetKind kind, int channels, int height,
			int width, int bitDepth, List<String> classes, List<AttributeInfo> attributes) {
		return new DatasetInfo(builtin.id(), name, kind, true, channels, height, width, bitDepth, classes, attributes,
				Map.of(), null, builtin.version(), 0, null);
	}

}
