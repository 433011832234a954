package dev.latentforge.models.rbm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.ChainSampling;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.testing.WorkerHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Trained models at the model level: the evaluator's metrics (exact and AIS) against an
 * independent enumeration, clamped RBM chains, a DBN's chain (top Gibbs and a down pass),
 * and a Gaussian–Bernoulli RBM on real-valued points.
 */
class RbmModelTests {

	static {
		System.setProperty("ai.djl.pytorch.num_threads", "1");
		System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
	}

	@TempDir
	static Path dir;

	static DatasetInfo dataset;

	static CheckpointData rbm;

	static CheckpointData exactLimited;

	static CheckpointData dbn;

	static NDManager manager;

	static OptimizerSpec sgd() {
		return new OptimizerSpec(OptimizerSpec.Type.SGD, 0.1, null, 0.5, null, null, null);
	}

	static CheckpointData train(String id, dev.latentforge.models.ModelSpec spec, long steps) throws Exception {
		WorkerHarness.Run run = WorkerHarness
			.run(BarsAndStripesTraining.job(dir, dataset, id, 1, spec, steps, 10, sgd(), (int) steps, null), dir, 1);
		assertThat(run.exitCode()).as(Files.readString(run.log())).isZero();
		List<WorkerMessage> checkpoints = run.ofType(WorkerMessage.CHECKPOINT);
		return CheckpointFiles.read(Path.of(checkpoints.get(checkpoints.size() - 1).path()), WorkerHarness.JSON);
	}

	@BeforeAll
	static void train() throws Exception {
		dataset = BarsAndStripesTraining.write(dir);
		rbm = train("rbm", new RbmSpec(8, null, null, RbmSpec.Sampler.PCD, 1, 0.1, null, null, null), 600);
		// exactLimit 4: log Z by AIS although 8 hidden units could be enumerated
		exactLimited = train("ais", new RbmSpec(8, null, null, null, 1, 0.1, 4, 8, 200), 600);
		dbn = train("dbn", new DbnSpec(List.of(12, 6), null, null, null, null, 0.1, null, null, null, null, null), 600);
		manager = NDManager.newBaseManager();
		JniUtils.setGradMode(false);
	}

	@AfterAll
	static void close() {
		manager.close();
	}

	static Examples testSplit() throws Exception {
		Path data = dir.resolve("bars-and-stripes");
		DatasetFiles.SplitData test = DatasetFiles.readSplit(data, "test");
		int[] all = new int[test.count()];
		for (int i = 0; i < all.length; i++) {
			all[i] = i;
		}
		return new Examples(DatasetFiles.readInfo(data), test.images(), test.labels(), all);
	}

	static double exactLogLikelihood(CheckpointData checkpoint, int hidden) {
		double[][] w = ExactRbm.matrix(checkpoint.parameters().get("layers.0.weight").toFloatArray(), 16, hidden);
		double[] b = ExactRbm.floats(checkpoint.parameters().get("layers.0.visible_bias").toFloatArray());
		double[] c = ExactRbm.floats(checkpoint.parameters().get("layers.0.hidden_bias").toFloatArray());
		return ExactRbm.meanLogProbability(w, b, c, BarsAndStripesTraining.patterns());
	}

	static List<ModelEvaluator.Result> evaluate(CheckpointData checkpoint, List<String> metrics,
			Map<String, Object> options) throws Exception {
		ModelEvaluator evaluator = new RbmFamily().evaluator().orElseThrow();
		return evaluator.evaluate(new ModelEvaluator.Input(checkpoint.manifest().spec(), checkpoint, testSplit(),
				metrics, options, manager, new Rng(5), (fraction) -> {
				}));
	}

	@Test
	void evaluatorComputesExactLogLikelihoodAndTheOtherMetrics() throws Exception {
		List<String> metrics = List.of("log-likelihood", "pseudo-log-likelihood", "reconstruction-error",
				"free-energy-gap");
		assertThat(new RbmFamily().evaluator().orElseThrow().metrics(rbm.manifest().spec().model()))
			.containsAll(metrics);
		List<ModelEvaluator.Result> results = evaluate(rbm, metrics, Map.of());
		assertThat(results).extracting(ModelEvaluator.Result::metric).containsExactlyElementsOf(metrics);
		ModelEvaluator.Result ll = results.get(0);
		assertThat(ll.method()).isEqualTo("exact");
		assertThat(ll.value()).isCloseTo(exactLogLikelihood(rbm, 8), within(1e-3));
		assertThat(ll.lower()).isEqualTo(ll.value());
		assertThat(results.get(1).value()).isNegative().isGreaterThan(ll.value() * 16);
		assertThat(results.get(2).value()).isPositive().isLessThan(16);
		assertThat(results.get(3).details()).containsKeys("freeEnergy", "trainingFreeEnergy");
		System.out.printf("evaluator on an 8-hidden PCD RBM: %s%n", results);
	}

	@Test
	void evaluatorEstimatesLogLikelihoodByAisWithErrorBars() throws Exception {
		List<ModelEvaluator.Result> results = evaluate(exactLimited, List.of("log-likelihood"),
				Map.of("aisRuns", 100, "aisTemperatures", 2000));
		ModelEvaluator.Result ll = results.get(0);
		double exact = exactLogLikelihood(exactLimited, 8);
		System.out.printf("AIS log-likelihood %.4f [%.4f, %s], exact %.4f%n", ll.value(), ll.lower(), ll.upper(),
				exact);
		assertThat(ll.method()).isEqualTo("ais");
		assertThat(ll.value()).isCloseTo(exact, within(0.05));
		assertThat(ll.lower()).isLessThanOrEqualTo(ll.value());
		assertThat(ll.details()).containsEntry("runs", 100).containsEntry("temperatures", 2000).containsKey("logZ");
		// checkpoints ran a cheaper AIS (8 runs, 200 temperatures) and reported it
		assertThat(exactLimited.manifest().metrics()).containsKeys("log_likelihood", "ais_runs");
	}

	@Test
	void clampedRbmChainsKeepTheKnownPixels() {
		StackModel model = (StackModel) new RbmFamily().load(rbm, manager.newSubManager());
		assertThat(model.supportsClamping()).isTrue();
		Rng rng = new Rng(3);
		float[] known = new float[4 * 16];
		float[] mask = new float[4 * 16];
		for (int c = 0; c < 4; c++) {
			for (int x = 0; x < 4; x++) {
				// the top row: bars 0 and 2 lit
				known[c * 16 + x] = (x % 2 == 0) ? 1 : 0;
				mask[c * 16 + x] = 1;
			}
		}
		NDArray knownArray = manager.create(known, new Shape(4, 1, 4, 4));
		NDArray maskArray = manager.create(mask, new Shape(4, 1, 4, 4));
		ChainSampling.Chain chain = model.start(manager, 4, null, rng);
		for (int t = 1; t <= 50; t++) {
			chain.clamp(knownArray, maskArray);
			chain.step(t, rng);
		}
		chain.clamp(knownArray, maskArray);
		float[] images = chain.images(false).toFloatArray();
		float[] means = chain.images(true).toFloatArray();
		for (int i = 0; i < known.length; i++) {
			if (mask[i] == 1) {
				assertThat(images[i]).isEqualTo(known[i]);
				assertThat(means[i]).isEqualTo(known[i]);
			}
		}
		// the same seed gives the same chain
		ChainSampling.Chain again = model.start(manager, 4, null, rng);
		ChainSampling.Chain once = model.start(manager, 4, null, rng);
		again.step(1, rng);
		once.step(1, rng);
		assertThat(again.images(false).toFloatArray()).containsExactly(once.images(false).toFloatArray());
	}

	@Test
	void dbnChainsRunGibbsInTheTopRbmAndADownPass() {
		StackModel model = (StackModel) new DbnFamily().load(dbn, manager.newSubManager());
		assertThat(model.supportsClamping()).isFalse();
		assertThat(model.featureSize()).isEqualTo(6);
		Rng rng = new Rng(4);
		NDArray start = manager.create(new float[3 * 16], new Shape(3, 1, 4, 4));
		ChainSampling.Chain chain = model.start(manager, 3, start, rng);
		for (int t = 1; t <= 20; t++) {
			chain.step(t, rng);
		}
		NDArray sample = chain.images(false);
		NDArray means = chain.images(true);
		assertThat(sample.getShape().getShape()).containsExactly(3, 1, 4, 4);
		for (float value : sample.toFloatArray()) {
			assertThat(value == 0f || value == 1f).isTrue();
		}
		for (float value : means.toFloatArray()) {
			assertThat(value).isBetween(0f, 1f);
		}
		assertThat(dbn.manifest().metrics()).containsKeys("log_likelihood", "layer");
		assertThat(dbn.manifest().metrics().get("log_likelihood")).isLessThanOrEqualTo(-Math.log(30));
	}

	/**
	 * A Gaussian–Bernoulli RBM on bars-and-stripes as real values (standardised per
	 * pixel): its exact held-out log-density rises as it trains.
	 */
	@Test
	void gaussianRbmLearnsRealValuedData() throws Exception {
		RbmSpec spec = new RbmSpec(12, RbmSpec.VisibleUnits.GAUSSIAN, null, RbmSpec.Sampler.CD, 1, 0.1, null, null,
				null);
		OptimizerSpec slow = new OptimizerSpec(OptimizerSpec.Type.SGD, 0.01, null, 0.5, null, null, null);
		WorkerHarness.Run run = WorkerHarness
			.run(BarsAndStripesTraining.job(dir, dataset, "gauss", 1, spec, 400, 10, slow, 100, null), dir, 1);
		assertThat(run.exitCode()).as(Files.readString(run.log())).isZero();
		List<Double> ll = run.ofType(WorkerMessage.CHECKPOINT)
			.stream()
			.map((c) -> c.values().get("log_likelihood"))
			.toList();
		System.out.printf("Gaussian-Bernoulli RBM, held-out log-density of the pixel values by checkpoint: %s%n", ll);
		assertThat(ll).hasSize(4);
		assertThat(ll.get(3)).isGreaterThan(ll.get(0) + 1);
		CheckpointData last = CheckpointFiles.read(Path.of(run.ofType(WorkerMessage.CHECKPOINT).get(3).path()),
				WorkerHarness.JSON);
		assertThat(last.parameters()).containsKeys("data.mean", "data.std");
	}

}
