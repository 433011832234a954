package dev.latentforge.datasets.builtin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo.DatasetKind;
import dev.latentforge.tensors.Tensor;

import org.springframework.stereotype.Component;

/**
 * Generates {@code bars-and-stripes}, the classic toy set for restricted Boltzmann
 * machines (MacKay, <i>Information Theory, Inference, and Learning Algorithms</i>, 2003):
 * 4×4 binary images (0 or 255, 8-bit grey) in which either every column or every row is
 * uniformly on or off. Of the 16 column ("bars") and 16 row ("stripes") patterns, all-off
 * and all-on occur in both families; each is counted once, under {@code bars}, which
 * leaves 30 distinct patterns: 16 bars and 14 stripes. The train split holds each pattern
 * 32 times (960 images) and the test split 8 times (240), each shuffled with a fixed
 * seed. Class 0 is {@code bars}, class 1 {@code stripes}.
 */
@Component
public class BarsAndStripes implements BuiltinDataset {

	static final int SIZE = 4;

	private static final long SEED = 0xBA125L;

	@Override
	public String id() {
		return "bars-and-stripes";
	}

	@Override
	public int version() {
		return 1;
	}

	@Override
	public Content generate() {
		List<byte[]> patterns = new ArrayList<>();
		List<Integer> classes = new ArrayList<>();
		for (int mask = 0; mask < 16; mask++) {
			patterns.add(pattern(mask, true));
			classes.add(0);
		}
		for (int mask = 1; mask < 15; mask++) {
			patterns.add(pattern(mask, false));
			classes.add(1);
		}
		Map<String, SplitData> splits = new LinkedHashMap<>();
		splits.put("train", split(patterns, classes, 32, new SplittableRandom(SEED)));
		splits.put("test", split(patterns, classes, 8, new SplittableRandom(SEED + 1)));
		return new Content(BuiltinDataset.describe(this, "Bars and stripes", DatasetKind.IMAGES, 1, SIZE, SIZE, 8,
				List.of("bars", "stripes"), List.of()), splits);
	}

	/** Bars: bit x of the mask lights column x; stripes: bit y lights row y. */
	static byte[] pattern(int mask, boolean bars) {
		byte[] pixels = new byte[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++) {
			for (int x = 0; x < SIZE; x++) {
				int bit = bars ? x : y;
				pixels[y * SIZE + x] = (byte) (((mask >> bit) & 1) == 1 ? 255 : 0);
			}
		}
		return pixels;
	}

	private static SplitData split(List<byte[]> patterns, List<Integer> classes, int repeats, SplittableRandom random) {
		int count = patterns.size() * repeats;
		int[] order = new int[count];
		for (int i = 0; i < count; i++) {
			order[i] = i % patterns.size();
		}
		BuiltinRandom.shuffle(order, random);
		byte[] pixels = new byte[count * SIZE * SIZE];
		int[] labels = new int[count];
		for (int i = 0; i < count; i++) {
			System.arraycopy(patterns.get(order[i]), 0, pixels, i * SIZE * SIZE, SIZE * SIZE);
			labels[i] = classes.get(order[i]);
		}
		return new SplitData(Tensor.ofUint8(new int[] { count, 1, SIZE, SIZE }, pixels), labels, null);
	}

}
