package dev.latentforge.datasets.builtin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BarsAndStripesTests {

	private final BuiltinDataset.Content content = new BarsAndStripes().generate();

	@Test
	void isPinnedToItsVersion(@TempDir Path dir) throws IOException {
		DatasetInfo stored = BuiltinFixtures.store(content, dir);
		assertThat(stored.version()).isEqualTo(1);
		assertThat(stored.sha256()).isEqualTo("6faa6ba816a7a6779821b9407260dfdddc4ea14fef2ecbdf678e9bc94288bb85");
		assertThat(stored.classes()).containsExactly("bars", "stripes");
		assertThat(stored.splits().get("train").classCounts()).containsExactly(16 * 32, 14 * 32);
		assertThat(stored.splits().get("test").classCounts()).containsExactly(16 * 8, 14 * 8);
	}

	@Test
	void generatesTheSameBytesEveryTime() {
		BuiltinDataset.Content again = new BarsAndStripes().generate();
		assertThat(again.splits().get("train").images()).isEqualTo(content.splits().get("train").images());
		assertThat(again.splits().get("test").labels()).isEqualTo(content.splits().get("test").labels());
	}

	@Test
	void holdsEachOfTheThirtyPatternsEquallyOften() {
		Map<String, Integer> train = patternCounts(content.splits().get("train"));
		Map<String, Integer> test = patternCounts(content.splits().get("test"));
		assertThat(train).hasSize(30).allSatisfy((pattern, count) -> assertThat(count).isEqualTo(32));
		assertThat(test).hasSize(30).allSatisfy((pattern, count) -> assertThat(count).isEqualTo(8));
	}

	@Test
	void everyImageIsBarsOrStripesAsLabelled() {
		SplitData train = content.splits().get("train");
		byte[] pixels = train.images().rawData();
		for (int i = 0; i < train.count(); i++) {
			boolean columnsUniform = true;
			boolean rowsUniform = true;
			for (int y = 0; y < 4; y++) {
				for (int x = 0; x < 4; x++) {
					int value = pixels[16 * i + 4 * y + x] & 0xFF;
					assertThat(value).isIn(0, 255);
					columnsUniform &= value == (pixels[16 * i + x] & 0xFF);
					rowsUniform &= value == (pixels[16 * i + 4 * y] & 0xFF);
				}
			}
			// All-off and all-on are uniform both ways and belong to bars.
			int expected = columnsUniform ? 0 : 1;
			assertThat(columnsUniform || rowsUniform).isTrue();
			assertThat(train.labels()[i]).isEqualTo(expected);
		}
	}

	@Test
	void isShuffled() {
		int[] labels = content.splits().get("train").labels();
		int changes = 0;
		for (int i = 1; i < labels.length; i++) {
			changes += labels[i] != labels[i - 1] ? 1 : 0;
		}
		assertThat(changes).isGreaterThan(300);
	}

	private static Map<String, Integer> patternCounts(SplitData split) {
		Map<String, Integer> counts = new HashMap<>();
		byte[] pixels = split.images().rawData();
		for (int i = 0; i < split.count(); i++) {
			String key = java.util.Arrays.toString(java.util.Arrays.copyOfRange(pixels, 16 * i, 16 * i + 16));
			counts.merge(key, 1, Integer::sum);
		}
		return counts;
	}

}
