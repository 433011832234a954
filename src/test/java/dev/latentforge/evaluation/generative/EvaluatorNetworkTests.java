package dev.latentforge.evaluation.generative;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import ai.djl.ndarray.NDManager;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.datasets.builtin.Shapes;
import dev.latentforge.jobs.worker.EvaluationFile;
import dev.latentforge.models.Examples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator network learns {@code shapes} quickly, and is trained once per data set
 * version: the second request reads it from the cache.
 */
class EvaluatorNetworkTests {

	@TempDir
	static Path dir;

	static Path shapes;

	@BeforeAll
	static void storeShapes() throws Exception {
		BuiltinDataset.Content content = new Shapes().generate();
		DatasetInfo described = content.info();
		DatasetInfo info = new DatasetInfo(described.id(), described.name(), described.kind(), true,
				described.channels(), described.height(), described.width(), described.bitDepth(), described.classes(),
				described.attributes(), described.splits(), null, described.version(), 0, java.time.Instant.EPOCH);
		shapes = dir.resolve("shapes");
		DatasetFiles.write(shapes, info, content.splits());
		System.setProperty(EvaluationFile.CACHE_DIR_PROPERTY, dir.resolve("evaluators").toString());
	}

	@AfterAll
	static void clear() {
		System.clearProperty(EvaluationFile.CACHE_DIR_PROPERTY);
	}

	@Test
	void learnsShapesQuicklyAndIsCachedPerDatasetVersion() throws Exception {
		long started = System.nanoTime();
		AtomicReference<Double> lastProgress = new AtomicReference<>(0.0);
		EvaluatorCache.Ready trained;
		try (NDManager manager = NDManager.newBaseManager()) {
			trained = EvaluatorCache.obtain(shapes, 400, 7, manager, lastProgress::set);
			assertThat(trained.cached()).isFalse();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("evaluator on shapes: 400 steps in %.1f s, test accuracy %.4f%n", seconds,
				trained.testAccuracy());
		assertThat(lastProgress.get()).isEqualTo(1.0);
		assertThat(trained.testAccuracy()).isGreaterThanOrEqualTo(0.95);
		try (NDManager manager = NDManager.newBaseManager()) {
			EvaluatorCache.Ready cached = EvaluatorCache.obtain(shapes, 400, 7, manager, (f) -> {
			});
			assertThat(cached.cached()).isTrue();
			assertThat(cached.testAccuracy()).isEqualTo(trained.testAccuracy());
			Examples test = EvaluatorCache.examples(shapes, DatasetFiles.readInfo(shapes), "test");
			assertThat(EvaluatorTraining.accuracy(cached.network(), test, Integer.MAX_VALUE, manager))
				.isEqualTo(trained.testAccuracy());
		}
		try (var files = Files.list(dir.resolve("evaluators"))) {
			assertThat(files.map((p) -> p.getFileName().toString()).toList()).singleElement()
				.satisfies((name) -> assertThat(name).startsWith("shapes-").endsWith("-v1-a1-s400"));
		}
	}

}
