package dev.latentforge.datasets.upload;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.latentforge.datasets.formats.Csv;

/**
 * Matches the rows of an attributes CSV to images. By default row i belongs to train
 * image i (IDX order, or sorted archive path order), and the CSV must have exactly one
 * row per train image. For archives, a {@code file} column may name each image's archive
 * path instead; then every train image needs a row, and the test images (under
 * {@code test/}) get attributes if every one of them has a row. Attributes given before a
 * {@code testFraction} hold-out follow their images into the test split.
 */
final class Attributes {

	private Attributes() {
	}

	/**
	 * Adds attributes to the splits.
	 * @param csv the parsed CSV
	 * @param archive whether the images come from an archive
	 * @param splits the examples by split, replaced by ones with attributes
	 * @return the table, for its column descriptions
	 */
	static AttributeTable attach(Csv csv, boolean archive, Map<String, Examples> splits) {
		boolean keyed = csv.header().contains(AttributeTable.FILE_COLUMN);
		if (keyed && !archive) {
			throw Uploads.invalidFile("attributes",
					"a 'file' column matches archive paths; rows of IDX uploads are matched by order");
		}
		AttributeTable table = Uploads.about("attributes",
				() -> AttributeTable.of(csv, keyed ? AttributeTable.FILE_COLUMN : null));
		Examples train = splits.get("train");
		if (!keyed) {
			if (table.rowCount() != train.count()) {
				throw Uploads.invalidFile("attributes",
						"has " + table.rowCount() + " rows but there are " + train.count()
								+ " train images; give one row per image in "
								+ (archive ? "sorted archive path order, or a 'file' column" : "IDX order"));
			}
			splits.put("train", train.withAttributes(table.rows(AttributeTable.inOrder(train.count()))));
			return table;
		}
		Map<String, Integer> rowOf = new HashMap<>();
		for (int r = 0; r < table.keys().size(); r++) {
			if (rowOf.put(table.keys().get(r), r) != null) {
				throw Uploads.invalidFile("attributes", "names file '" + table.keys().get(r) + "' twice");
			}
		}
		int used = 0;
		for (Map.Entry<String, Examples> split : splits.entrySet()) {
			List<String> paths = split.getValue().paths();
			int[] rows = new int[paths.size()];
			int missing = -1;
			for (int i = 0; i < paths.size(); i++) {
				Integer row = rowOf.get(paths.get(i));
				rows[i] = (row != null) ? row : -1;
				if (row == null && missing < 0) {
					missing = i;
				}
			}
			boolean none = java.util.Arrays.stream(rows).allMatch((row) -> row < 0);
			if (missing >= 0 && (split.getKey().equals("train") || !none)) {
				throw Uploads.invalidFile("attributes", "has no row for '" + paths.get(missing) + "'");
			}
			if (missing < 0) {
				split.setValue(split.getValue().withAttributes(table.rows(rows)));
				used += rows.length;
			}
		}
		if (used != table.rowCount()) {
			Set<String> paths = new HashSet<>();
			splits.values().forEach((examples) -> paths.addAll(examples.paths()));
			String unknown = table.keys().stream().filter((key) -> !paths.contains(key)).findFirst().orElse("?");
			throw Uploads.invalidFile("attributes",
					"names file '" + unknown + "', which is not an image of the archive");
		}
		return table;
	}

}
