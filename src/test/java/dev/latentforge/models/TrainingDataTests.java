package dev.latentforge.models;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.tensors.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The held-out examples of a job that trains on {@code train} come from the test split:
 * all of it when small; otherwise {@link TrainingData#MAX_VALIDATION} examples drawn with
 * a fixed seed, so that a test split stored class by class (as IDX uploads often are)
 * still gives every class in its share, and every job on the same data sees the same
 * examples.
 */
class TrainingDataTests {

	static final List<String> CLASSES = List.of("a", "b", "c", "d");

	@TempDir
	Path dir;

	/** A 2×2 image set: 400 training examples, a test split of {@code test} per class. */
	Path write(int perClass) throws Exception {
		Map<String, DatasetFiles.SplitData> splits = new LinkedHashMap<>();
		splits.put("train", split(400, false));
		splits.put("test", split(perClass * CLASSES.size(), true));
		DatasetInfo info = new DatasetInfo("sorted", "sorted", DatasetInfo.DatasetKind.IMAGES, false, 1, 2, 2, 8,
				CLASSES, List.of(), Map.of(), null, 1, 0, Instant.parse("2026-01-01T00:00:00Z"));
		Path target = this.dir.resolve("sorted-" + perClass);
		DatasetFiles.write(target, info, splits);
		return target;
	}

	/** n examples; sorted: labels 0, 0, ..., 1, 1, ... (class by class), else cycled. */
	static DatasetFiles.SplitData split(int n, boolean sorted) {
		int[] labels = new int[n];
		byte[] pixels = new byte[n * 4];
		for (int i = 0; i < n; i++) {
			labels[i] = sorted ? i / (n / CLASSES.size()) : i % CLASSES.size();
			Arrays.fill(pixels, i * 4, i * 4 + 4, (byte) (labels[i] * 60));
		}
		return new DatasetFiles.SplitData(Tensor.ofUint8(new int[] { n, 1, 2, 2 }, pixels), labels, null);
	}

	@Test
	void aLargeTestSplitStoredClassByClassGivesEveryClassItsShare() throws Exception {
		Path data = write(750);
		TrainingData first = TrainingData.load(data, DataSelection.all(), 16, new Rng(1));
		Examples held = first.validation();
		assertThat(held.count()).isEqualTo(TrainingData.MAX_VALIDATION);
		int[] counts = new int[CLASSES.size()];
		for (int label : held.labels(range(held.count()))) {
			counts[label]++;
		}
		// 250 expected per class; a sample of 1,000 from 3,000 stays well within 200 to
		// 300
		for (int c : counts) {
			assertThat(c).isBetween(200, 300);
		}
		// another job's seed, same held-out examples
		Examples again = TrainingData.load(data, DataSelection.all(), 16, new Rng(2)).validation();
		assertThat(again.values(range(again.count()))).containsExactly(held.values(range(held.count())));
		assertThat(again.labels(range(again.count()))).containsExactly(held.labels(range(held.count())));
	}

	@Test
	void aSmallTestSplitIsHeldOutWhole() throws Exception {
		Path data = write(100);
		Examples held = TrainingData.load(data, DataSelection.all(), 16, new Rng(1)).validation();
		assertThat(held.count()).isEqualTo(400);
		int[] labels = held.labels(range(held.count()));
		for (int i = 0; i < labels.length; i++) {
			assertThat(labels[i]).isEqualTo(i / 100);
		}
	}

	@Test
	void aClassSelectionSamplesOnlyItsClasses() throws Exception {
		Path data = write(750);
		Examples held = TrainingData.load(data, new DataSelection("train", List.of("b", "d"), null), 16, new Rng(1))
			.validation();
		assertThat(held.count()).isEqualTo(TrainingData.MAX_VALIDATION);
		int[] counts = new int[CLASSES.size()];
		for (int label : held.labels(range(held.count()))) {
			counts[label]++;
		}
		assertThat(counts[0] + counts[2]).isZero();
		assertThat(counts[1]).isBetween(400, 600);
		assertThat(counts[3]).isBetween(400, 600);
	}

	static int[] range(int n) {
		int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			out[i] = i;
		}
		return out;
	}

}
