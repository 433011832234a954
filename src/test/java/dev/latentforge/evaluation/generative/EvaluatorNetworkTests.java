package dev.latentforge.evaluation.generative;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.datasets.builtin.Ring8;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.Generating;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.QualityMetric;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.web.FieldProblem;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.datasets.builtin.Shapes;
import dev.latentforge.jobs.worker.EvaluationFile;
import dev.latentforge.models.Examples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The evaluator network learns {@code shapes} quickly, and is trained once per data set
 * version: the second request reads it from the cache.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
		System.setProperty(EvaluationFile.DATASET_DIR_PROPERTY, shapes.toString());
	}

	@AfterAll
	static void clear() {
		System.clearProperty(EvaluationFile.CACHE_DIR_PROPERTY);
		System.clearProperty(EvaluationFile.DATASET_DIR_PROPERTY);
	}

	@Test
	@Order(1)
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

	/**
	 * An ideal conditional generator (it returns real held-out images of the requested
	 * class) against a collapsed one (one image per class): the first gets the
	 * evaluator's accuracy as conditional accuracy, diversity near 1 and a small Fréchet
	 * distance; the second diversity 0, low recall and a larger distance.
	 */
	@Test
	@Order(2)
	void idealAndCollapsedConditionalGenerators() throws Exception {
		DatasetInfo info = DatasetFiles.readInfo(shapes);
		Examples test = EvaluatorCache.examples(shapes, info, "test");
		Map<String, Object> options = Map.of("samples", 600, "evaluatorSteps", 400);
		List<String> metrics = List.of("frechet-distance", "precision", "recall", "conditional-accuracy",
				"classifier-score", "diversity");
		Map<String, ModelEvaluator.Result> ideal = evaluate(new Lookup(test, info, false), test, metrics, options);
		Map<String, ModelEvaluator.Result> collapsed = evaluate(new Lookup(test, info, true), test, metrics, options);
		System.out.printf("ideal: %s%ncollapsed: %s%n", summary(ideal), summary(collapsed));
		assertThat(ideal.get("conditional-accuracy").value()).isGreaterThanOrEqualTo(0.93);
		assertThat(ideal.get("diversity").value()).isBetween(0.8, 1.2);
		assertThat(ideal.get("precision").value()).isGreaterThan(0.8);
		assertThat(ideal.get("recall").value()).isGreaterThan(0.8);
		// between 1 and 6 (classes); the briefly trained evaluator is not fully confident
		assertThat(ideal.get("classifier-score").value()).isGreaterThan(4.0);
		assertThat(collapsed.get("diversity").value()).isLessThan(0.01);
		assertThat(collapsed.get("recall").value()).isLessThan(0.2);
		assertThat(collapsed.get("frechet-distance").value()).isGreaterThan(5 * ideal.get("frechet-distance").value());
		assertThat(ideal.get("frechet-distance").details()).containsEntry("samples", 600)
			.containsEntry("evaluatorCached", true);
	}

	/**
	 * The ring's ideal generator covers 8 modes with 98.9% high quality; a collapsed one
	 * 1.
	 */
	@Test
	@Order(3)
	void ringModesOfIdealAndCollapsedPointGenerators() throws Exception {
		BuiltinDataset.Content content = new Ring8().generate();
		Path ring = dir.resolve("ring-8");
		DatasetInfo described = content.info();
		DatasetFiles.write(ring, new DatasetInfo(described.id(), described.name(), described.kind(), true, 1, 1, 2, 32,
				described.classes(), described.attributes(), described.splits(), null, 1, 0, java.time.Instant.EPOCH),
				content.splits());
		DatasetInfo info = DatasetFiles.readInfo(ring);
		Examples test = EvaluatorCache.examples(ring, info, "test");
		List<String> metrics = List.of("modes-covered", "high-quality-fraction", "precision", "recall",
				"frechet-distance");
		Map<String, ModelEvaluator.Result> ideal = evaluate(new RingGenerator(false), test, metrics, Map.of());
		Map<String, ModelEvaluator.Result> collapsed = evaluate(new RingGenerator(true), test, metrics, Map.of());
		System.out.printf("ring ideal: %s%nring collapsed: %s%n", summary(ideal), summary(collapsed));
		assertThat(ideal.get("modes-covered").value()).isEqualTo(8);
		// P(|N(0, I_2)| <= 3) = 1 - exp(-4.5) = 0.9889
		assertThat(ideal.get("high-quality-fraction").value()).isCloseTo(0.9889, within(0.008));
		assertThat(ideal.get("frechet-distance").value()).isLessThan(0.01);
		assertThat(ideal.get("recall").value()).isGreaterThan(0.9);
		assertThat(collapsed.get("modes-covered").value()).isEqualTo(1);
		assertThat(collapsed.get("recall").value()).isLessThan(0.2);
		assertThat(ideal.get("modes-covered").details()).containsEntry("samples", 2500);
	}

	static Map<String, ModelEvaluator.Result> evaluate(Generating generator, Examples examples, List<String> metrics,
			Map<String, Object> options) {
		ModelFamily family = new FixedFamily(generator);
		try (NDManager manager = NDManager.newBaseManager()) {
			List<ModelEvaluator.Result> results = new GenerativeEvaluator(family)
				.evaluate(new ModelEvaluator.Input(null, null, examples, metrics, options, manager, new Rng(3), (f) -> {
				}));
			Map<String, ModelEvaluator.Result> byName = new java.util.LinkedHashMap<>();
			results.forEach((r) -> byName.put(r.metric(), r));
			assertThat(byName.keySet()).containsExactlyElementsOf(metrics);
			return byName;
		}
	}

	static String summary(Map<String, ModelEvaluator.Result> results) {
		StringBuilder out = new StringBuilder();
		results.forEach((name, result) -> out.append(String.format("%s=%.4f ", name, result.value())));
		return out.toString();
	}

	/**
	 * Returns held-out images of the requested class, picked by the latent's first
	 * component (or always the class's first image when collapsed).
	 */
	record Lookup(Examples images, DatasetInfo info, boolean collapsed) implements Generating {

		@Override
		public int latentSize() {
			return 2;
		}

		@Override
		public ConditionVocabulary vocabulary() {
			return new ConditionVocabulary(this.info.classes(), List.of());
		}

		@Override
		public NDArray generate(NDArray latents, NDArray conditions) {
			float[] z = latents.toFloatArray();
			float[] c = conditions.toFloatArray();
			int n = Math.toIntExact(latents.getShape().get(0));
			int classes = this.info.classes().size();
			int[] labels = this.images.labels(EvaluatorTraining.range(0, this.images.count()));
			int[] chosen = new int[n];
			for (int i = 0; i < n; i++) {
				int label = 0;
				for (int k = 0; k < classes; k++) {
					if (c[i * classes + k] > 0.5f) {
						label = k;
					}
				}
				int skip = this.collapsed ? 0 : (int) (Math.abs(z[i * 2]) * 1000) % 300;
				for (int j = 0; j < labels.length; j++) {
					if (labels[j] == label && skip-- == 0) {
						chosen[i] = j;
						break;
					}
				}
			}
			return latents.getManager()
				.create(this.images.values(chosen),
						new ai.djl.ndarray.types.Shape(n).addAll(this.images.exampleShape()));
		}

	}

	/** The ring's mixture itself (or all of it at mode 0 when collapsed). */
	record RingGenerator(boolean collapsed) implements Generating {

		@Override
		public int latentSize() {
			return 3;
		}

		@Override
		public NDArray generate(NDArray latents, NDArray conditions) {
			float[] z = latents.toFloatArray();
			int n = z.length / 3;
			float[] out = new float[2 * n];
			for (int i = 0; i < n; i++) {
				// the mode from the first component's normal CDF, by its sign and size
				int mode = this.collapsed ? 0 : Math.floorMod((int) Math.floor(z[3 * i] * 1000), 8);
				double angle = 2 * Math.PI * mode / 8;
				out[2 * i] = (float) (2 * Math.cos(angle) + 0.02 * z[3 * i + 1]);
				out[2 * i + 1] = (float) (2 * Math.sin(angle) + 0.02 * z[3 * i + 2]);
			}
			return latents.getManager().create(out, new ai.djl.ndarray.types.Shape(n, 2));
		}

	}

	/** A family whose every checkpoint loads as one fixed generator. */
	record FixedFamily(Generating generator) implements ModelFamily {

		@Override
		public String type() {
			return "fixed";
		}

		@Override
		public Class<? extends ModelSpec> specType() {
			return ModelSpec.class;
		}

		@Override
		public ModelSpec resolve(ModelSpec spec, DatasetInfo dataset) {
			return spec;
		}

		@Override
		public List<FieldProblem> validate(ModelSpec spec, DatasetInfo dataset, TrainingSpec training) {
			return List.of();
		}

		@Override
		public Set<String> capabilities(ModelSpec spec) {
			return Set.of();
		}

		@Override
		public QualityMetric qualityMetric(ModelSpec spec) {
			return null;
		}

		@Override
		public ModelTrainer newTrainer(TrainingSession session) {
			throw new UnsupportedOperationException();
		}

		@Override
		public LoadedModel load(CheckpointData checkpoint, NDManager manager) {
			Generating generating = this.generator;
			return new Loaded(generating, manager);
		}

		@Override
		public String exportLayout(ModelSpec spec) {
			return "";
		}

	}

	record Loaded(Generating generating, NDManager manager) implements LoadedModel, Generating {

		@Override
		public int latentSize() {
			return this.generating.latentSize();
		}

		@Override
		public ConditionVocabulary vocabulary() {
			return this.generating.vocabulary();
		}

		@Override
		public NDArray generate(NDArray latents, NDArray conditions) {
			return this.generating.generate(latents, conditions);
		}

		@Override
		public void close() {
			this.manager.close();
		}

	}

}
