package dev.latentforge.datasets.upload;

import java.util.List;
import java.util.Map;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo.AttributeInfo;

/**
 * A validated upload, ready to be stored.
 *
 * @param name the data set's name
 * @param channels 1 or 3
 * @param height image height
 * @param width image width
 * @param bitDepth 8 or 16
 * @param classes class names in label order, empty when unlabelled
 * @param attributes attribute columns, empty when there are none
 * @param splits the arrays by split name
 */
public record UploadedDataset(String name, int channels, int height, int width, int bitDepth, List<String> classes,
		List<AttributeInfo> attributes, Map<String, SplitData> splits) {
}
