package dev.latentforge.models.gan;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.datasets.builtin.Shapes;
import dev.latentforge.tensors.Tensor;

/**
 * The built-in {@code shapes} reduced to 16×16 and its first four classes (circle,
 * square, triangle, cross), with their attributes: each output pixel is the area-weighted
 * mean of the 28×28 pixels it covers (a box filter of width 1.75). The service has no
 * resizing selection, so the test stores the reduced set itself, as an upload would.
 */
final class SmallShapes {

	static final int SIZE = 16;

	static final int CLASSES = 4;

	private SmallShapes() {
	}

	static Path write(Path dir) throws Exception {
		BuiltinDataset.Content content = new Shapes().generate();
		DatasetInfo source = content.info();
		Map<String, DatasetFiles.SplitData> splits = new LinkedHashMap<>();
		content.splits().forEach((name, split) -> splits.put(name, reduce(split, source.attributes().size())));
		DatasetInfo info = new DatasetInfo("shapes-16", "shapes 16x16, 4 classes", DatasetInfo.DatasetKind.IMAGES,
				false, 1, SIZE, SIZE, 8, source.classes().subList(0, CLASSES), source.attributes(), Map.of(), null, 1,
				0, source.createdAt());
		DatasetFiles.write(dir, info, splits);
		return dir;
	}

	private static DatasetFiles.SplitData reduce(DatasetFiles.SplitData split, int attributeCount) {
		int n = split.count();
		int source = split.images().dim(2);
		byte[] raw = split.images().rawData();
		float[] attributes = split.attributes().toFloatArray();
		int kept = 0;
		for (int label : split.labels()) {
			if (label < CLASSES) {
				kept++;
			}
		}
		byte[] pixels = new byte[kept * SIZE * SIZE];
		int[] labels = new int[kept];
		float[] keptAttributes = new float[kept * attributeCount];
		double scale = (double) source / SIZE;
		int k = 0;
		for (int i = 0; i < n; i++) {
			if (split.labels()[i] >= CLASSES) {
				continue;
			}
			labels[k] = split.labels()[i];
			System.arraycopy(attributes, i * attributeCount, keptAttributes, k * attributeCount, attributeCount);
			for (int y = 0; y < SIZE; y++) {
				for (int x = 0; x < SIZE; x++) {
					double sum = 0;
					for (int sy = (int) Math.floor(y * scale); sy < Math.ceil((y + 1) * scale); sy++) {
						double hy = Math.min((y + 1) * scale, sy + 1) - Math.max(y * scale, sy);
						for (int sx = (int) Math.floor(x * scale); sx < Math.ceil((x + 1) * scale); sx++) {
							double hx = Math.min((x + 1) * scale, sx + 1) - Math.max(x * scale, sx);
							sum += hx * hy * (raw[i * source * source + sy * source + sx] & 0xFF);
						}
					}
					pixels[k * SIZE * SIZE + y * SIZE + x] = (byte) Math.round(sum / (scale * scale));
				}
			}
			k++;
		}
		return new DatasetFiles.SplitData(Tensor.ofUint8(new int[] { kept, 1, SIZE, SIZE }, pixels), labels,
				Tensor.ofFloats(new int[] { kept, attributeCount }, keptAttributes));
	}

	static List<String> classes() {
		return List.of("circle", "square", "triangle", "cross");
	}

}
