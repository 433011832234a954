package dev.latentforge.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.tensors.Tensor;

/**
 * Small synthetic data sets for tests: 8×8 grey images of a bright square at one of four
 * corners (the class), with noise, so that a tiny autoencoder can learn them in tens of
 * steps.
 */
public final class TestDatasets {

	private TestDatasets() {
	}

	public static DatasetInfo corners(Path dir, String id, int trainCount, int testCount) throws IOException {
		Map<String, DatasetFiles.SplitData> splits = new LinkedHashMap<>();
		splits.put("train", corners(trainCount, 1));
		if (testCount > 0) {
			splits.put("test", corners(testCount, 2));
		}
		DatasetInfo info = new DatasetInfo(id, "corners", DatasetInfo.DatasetKind.IMAGES, false, 1, 8, 8, 8,
				List.of("top-left", "top-right", "bottom-left", "bottom-right"), List.of(), Map.of(), null, 1, 0,
				Instant.parse("2026-01-01T00:00:00Z"));
		return DatasetFiles.write(dir, info, splits);
	}

	private static DatasetFiles.SplitData corners(int count, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		byte[] pixels = new byte[count * 64];
		int[] labels = new int[count];
		for (int n = 0; n < count; n++) {
			int label = random.nextInt(4);
			labels[n] = label;
			int top = (label / 2) * 4;
			int left = (label % 2) * 4;
			for (int y = 0; y < 8; y++) {
				for (int x = 0; x < 8; x++) {
					boolean inside = y >= top && y < top + 4 && x >= left && x < left + 4;
					int value = (inside ? 200 : 20) + random.nextInt(40);
					pixels[n * 64 + y * 8 + x] = (byte) value;
				}
			}
		}
		return new DatasetFiles.SplitData(Tensor.ofUint8(new int[] { count, 1, 8, 8 }, pixels), labels, null);
	}

}
