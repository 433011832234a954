package dev.latentforge.datasets;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.datasets.DatasetInfo.AttributeInfo;
import dev.latentforge.datasets.DatasetInfo.DatasetKind;

/**
 * A data set as the API shows it: its metadata, the total count, and per split the count
 * and the count of each class by name.
 *
 * @param id the id
 * @param name the name
 * @param kind images or points
 * @param builtin whether the service provides it
 * @param count examples in all splits
 * @param channels channels per image
 * @param height image height (1 for points)
 * @param width image width (the dimension for points)
 * @param bitDepth 8 or 16 for images, 32 for points
 * @param classes class names in label order
 * @param attributes attribute columns
 * @param splits counts by split
 * @param sha256 the hash of the data files
 * @param version the generator version (1 for uploads)
 * @param sizeBytes bytes on disk
 * @param createdAt when it was stored
 */
record DatasetResponse(String id, String name, DatasetKind kind, boolean builtin, int count, int channels, int height,
		int width, int bitDepth, List<String> classes, List<AttributeInfo> attributes, Map<String, Split> splits,
		String sha256, int version, long sizeBytes, Instant createdAt) {

	/**
	 * One split.
	 *
	 * @param count examples in the split
	 * @param classCounts examples per class name, in label order (empty when unlabelled)
	 */
	record Split(int count, Map<String, Integer> classCounts) {
	}

	static DatasetResponse of(DatasetInfo info) {
		Map<String, Split> splits = new LinkedHashMap<>();
		int count = 0;
		for (Map.Entry<String, DatasetInfo.SplitInfo> entry : info.splits().entrySet()) {
			Map<String, Integer> classCounts = new LinkedHashMap<>();
			List<Integer> counts = entry.getValue().classCounts();
			for (int i = 0; i < counts.size(); i++) {
				classCounts.put(info.classes().get(i), counts.get(i));
			}
			splits.put(entry.getKey(), new Split(entry.getValue().count(), classCounts));
			count += entry.getValue().count();
		}
		return new DatasetResponse(info.id(), info.name(), info.kind(), info.builtin(), count, info.channels(),
				info.height(), info.width(), info.bitDepth(), info.classes(), info.attributes(), splits, info.sha256(),
				info.version(), info.sizeBytes(), info.createdAt());
	}

}
