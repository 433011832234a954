package dev.latentforge.models.gan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Rng;
import dev.latentforge.engine.Updater;
import dev.latentforge.evaluation.generative.GenerativeEvaluator;
import dev.latentforge.jobs.worker.EvaluationFile;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.TrainingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conditional DCGAN on {@code shapes} at 16×16 with 4 classes (circle, square,
 * triangle, cross), trained briefly, generates what it is asked for. Two judges, each
 * checked on real held-out images first:
 * <ul>
 * <li>the service's generative evaluator (the CNN {@code POST /models/{id}/evaluations}
 * trains once per data set), through the same {@link ModelEvaluator} call an evaluation
 * job makes, on a saved checkpoint: conditional accuracy at least 98% on 800 samples (200
 * per class), and per-class feature diversity at least half that of real images of the
 * class;</li>
 * <li>a second, independent CNN trained here: at least 98% of 200 samples per class
 * assigned to the requested class, and each class's samples keep a pixel-space diversity
 * floor (mean pairwise L2 distance at least half that of real images of the class), so
 * that one image per class cannot pass; G's samples before the symmetry turns them (those
 * whose latent's first components are all negative) keep the same floor, so that the
 * turned and mirrored copies of a few images cannot pass either.</li>
 * </ul>
 */
class ConditionalShapesTests {

	static final int STEPS = Integer.getInteger("gan.shapes.steps", 3000);

	static final int SEED = Integer.getInteger("gan.shapes.seed", 21);

	static final int PER_CLASS = 200;

	/**
	 * An AC-GAN head (Odena et al. 2017) beside the projection term, 48 filters, lr 5e-4
	 * for both players with a cosine decay to zero, one-sided label smoothing 0.9, an
	 * 8-dimensional latent, and the dihedral symmetry: {@code shapes} is as likely in
	 * every turn and mirror image, so G draws one orientation in 8 and the symmetry turns
	 * it. Without the symmetry the same model stopped at 0.92 to 0.96 by the service's
	 * evaluator (over a dozen runs of 3,000 steps, and 8,000 steps did no better), and
	 * trained on upright shapes only it reached 0.994; with it, 3,000 steps gave 0.995
	 * and 0.994 (seeds 21 and 22, the element picked by a mask product), and 0.989 as
	 * written here (seed 21). {@code bench/gans/shapes-symmetry.sh} measures both.
	 */
	static final String CONFIG = "\"architecture\":\"dcgan\",\"filters\":48,\"latentSize\":8,\"conditional\":true,"
			+ "\"auxiliaryClassifier\":1.0,\"labelSmoothing\":0.9,\"symmetry\":\"dihedral\","
			+ "\"generator\":{\"learningRate\":5e-4,\"schedule\":{\"type\":\"cosine\"}},"
			+ "\"discriminator\":{\"learningRate\":5e-4,\"schedule\":{\"type\":\"cosine\"}}";

	@TempDir
	Path dir;

	@Test
	void conditionalDcganGeneratesTheRequestedClass() throws Exception {
		// One thread, whose runs repeat bit for bit: two runs on two threads of 2,000
		// steps and one seed gave 0.978 and 0.989 (bench/gans/results-shapes).
		GanTesting.oneThread();
		Path data = SmallShapes.write(this.dir.resolve("shapes-16"));
		GanSpec spec = GanTesting.spec(System.getProperty("gan.shapes.spec", CONFIG));
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, null, spec, 64, STEPS, SEED, manager);
			GanTrainer trainer = new GanTrainer(session);
			trainer.initialise(Optional.empty());
			long start = System.nanoTime();
			for (int step = 1; step <= STEPS; step++) {
				try (NDScope scope = new NDScope()) {
					trainer.step(step);
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			Files.write(this.dir.resolve("grid.png"), trainer.sampleGrid());
			Map<String, ModelEvaluator.Result> judged = serviceEvaluation(data, session, trainer);
			ModelEvaluator.Result serviceAccuracy = judged.get(GenerativeEvaluator.CONDITIONAL_ACCURACY);
			ModelEvaluator.Result serviceDiversity = judged.get(GenerativeEvaluator.DIVERSITY);
			System.out.printf(
					"service evaluator: conditional accuracy %.4f %s; diversity %s (evaluator held-out "
							+ "accuracy %s)%n",
					serviceAccuracy.value(), serviceAccuracy.details().get("perClass"),
					serviceDiversity.details().get("perClass"), serviceAccuracy.details().get("evaluatorTestAccuracy"));
			assertThat((Double) serviceAccuracy.details().get("evaluatorTestAccuracy"))
				.as("the service's evaluator on real held-out images")
				.isGreaterThan(0.99);
			assertThat((Double) serviceDiversity.details().get("minimum"))
				.as("the service's per-class diversity, the lowest class")
				.isGreaterThan(0.5);
			long classifierStart = System.nanoTime();
			Classifier classifier = Classifier.train(session.data().train(), manager);
			double heldOut = classifier.accuracy(session.data().validation(), manager);
			System.out.printf("classifier: held-out accuracy %.4f in %.1f s; GAN %.1f s%n", heldOut,
					(System.nanoTime() - classifierStart) / 1e9, seconds);
			assertThat(heldOut).as("the test's classifier on real held-out images").isGreaterThan(0.97);
			Players players = trainer.players();
			int z = players.spec.latentSize();
			int k = players.conditionSize;
			int correct = 0;
			StringBuilder report = new StringBuilder();
			Monitor monitor = new Monitor(players, null, session);
			for (int label = 0; label < SmallShapes.CLASSES; label++) {
				float[] latents = new Rng(99).gaussian(label, "test/latents", PER_CLASS * z, 1f);
				float[] conditions = new float[PER_CLASS * k];
				for (int i = 0; i < PER_CLASS; i++) {
					conditions[i * k + label] = 1;
				}
				float[] images = monitor.sample(manager, latents, conditions, PER_CLASS);
				int[] predicted = classifier.predict(images, PER_CLASS, manager);
				int right = 0;
				for (int p : predicted) {
					right += p == label ? 1 : 0;
				}
				correct += right;
				double generatedSpread = Statistics.meanPairwiseDistance(images, 256);
				double realSpread = Statistics.meanPairwiseDistance(realOfClass(session.data().validation(), label),
						256);
				// G's own draws, left as they are by the symmetry (the latent's first
				// components all negative): turned copies of a few images cannot pass
				// either
				float[] upright = latents.clone();
				for (int i = 0; i < PER_CLASS; i++) {
					for (int b = 0; b < players.spec.symmetry().bits(); b++) {
						upright[i * z + b] = -Math.abs(upright[i * z + b]);
					}
				}
				double drawnSpread = Statistics
					.meanPairwiseDistance(monitor.sample(manager, upright, conditions, PER_CLASS), 256);
				report.append(String.format("%s: accuracy %.3f, diversity %.3f, untransformed %.3f (real %.3f); ",
						SmallShapes.classes().get(label), right / (double) PER_CLASS, generatedSpread, drawnSpread,
						realSpread));
				assertThat(generatedSpread).as("diversity of class " + label).isGreaterThan(0.5 * realSpread);
				assertThat(drawnSpread).as("diversity of class " + label + " as G drew it, before the symmetry")
					.isGreaterThan(0.5 * realSpread);
			}
			double accuracy = correct / (double) (PER_CLASS * SmallShapes.CLASSES);
			System.out.printf("conditional shapes: %d steps in %.1f s; classifier held-out %.4f; conditional "
					+ "accuracy %.4f; %s%n", STEPS, seconds, heldOut, accuracy, report);
			assertThat(serviceAccuracy.value()).as("conditional accuracy by the service's evaluator")
				.isGreaterThanOrEqualTo(0.98);
			assertThat(accuracy).as("conditional accuracy by the test's own CNN").isGreaterThanOrEqualTo(0.98);
		}
	}

	/**
	 * The service's evaluation of the trained generator, as an evaluation job runs it: a
	 * checkpoint of the trainer, the evaluator CNN trained on the data set (cached in a
	 * directory of this test), 200 samples per class.
	 */
	Map<String, ModelEvaluator.Result> serviceEvaluation(Path data, TrainingSession session, GanTrainer trainer) {
		System.setProperty(EvaluationFile.DATASET_DIR_PROPERTY, data.toString());
		System.setProperty(EvaluationFile.CACHE_DIR_PROPERTY, this.dir.resolve("evaluators").toString());
		CheckpointData checkpoint = GanTesting.checkpoint(this.dir, trainer, session, STEPS);
		Map<String, ModelEvaluator.Result> out = new LinkedHashMap<>();
		try (NDManager manager = NDManager.newBaseManager()) {
			new GanFamily().evaluator()
				.orElseThrow()
				.evaluate(new ModelEvaluator.Input(session.spec(), checkpoint, session.data().validation(),
						List.of(GenerativeEvaluator.CONDITIONAL_ACCURACY, GenerativeEvaluator.DIVERSITY),
						Map.of("samples", PER_CLASS * SmallShapes.CLASSES), manager, new Rng(17), (p) -> {
						}))
				.forEach((r) -> out.put(r.metric(), r));
		}
		finally {
			System.clearProperty(EvaluationFile.DATASET_DIR_PROPERTY);
			System.clearProperty(EvaluationFile.CACHE_DIR_PROPERTY);
		}
		return out;
	}

	static float[] realOfClass(Examples examples, int label) {
		int[] all = Monitor.range(examples.count());
		int[] labels = examples.labels(all);
		int[] chosen = new int[PER_CLASS];
		int n = 0;
		for (int i = 0; i < all.length && n < PER_CLASS; i++) {
			if (labels[i] == label) {
				chosen[n++] = i;
			}
		}
		return examples.values(java.util.Arrays.copyOf(chosen, n));
	}

	/**
	 * A small CNN: conv 3×3 (32) → conv 4×4/2 (32) → conv 4×4/2 (64) → linear (128) →
	 * linear (4), ReLU between.
	 */
	static final class Classifier {

		final Net net;

		final int size;

		final int classes;

		Classifier(Net net, int size, int classes) {
			this.net = net;
			this.size = size;
			this.classes = classes;
		}

		NDArray logits(NDArray x) {
			NDArray h = Activation.relu(Layers.conv(this.net, "c0", x, 32, 3, 1, 1, Net.Init.GLOROT_RELU)); // [B,32,S,S]
			h = Activation.relu(Layers.conv(this.net, "c1", h, 32, 4, 2, 1, Net.Init.GLOROT_RELU)); // [B,32,S/2,S/2]
			h = Activation.relu(Layers.conv(this.net, "c2", h, 64, 4, 2, 1, Net.Init.GLOROT_RELU)); // [B,64,S/4,S/4]
			h = Activation
				.relu(Layers.linear(this.net, "fc", h.reshape(h.getShape().get(0), -1), 128, Net.Init.GLOROT_RELU)); // [B,
																														// 128]
			return Layers.linear(this.net, "out", h, SmallShapes.CLASSES, Net.Init.GLOROT); // [B,
																							// 4]
		}

		static Classifier train(Examples train, NDManager manager) {
			int size = train.info().height();
			Classifier c = new Classifier(new Net(manager), size, train.info().classes().size());
			GradMode.off(() -> c.logits(manager.zeros(new Shape(1, 1, size, size))));
			c.net.initialise(new Rng(3));
			int steps = 600;
			Updater updater = new Updater(new OptimizerSpec(null, 2e-3, null, null, null, null, null), steps,
					c.net.parameters(), manager);
			SplittableRandom random = new SplittableRandom(4);
			for (int step = 1; step <= steps; step++) {
				int[] positions = new int[64];
				for (int i = 0; i < positions.length; i++) {
					positions[i] = random.nextInt(train.count());
				}
				try (NDScope scope = new NDScope();
						GradientCollector collector = Engine.getInstance().newGradientCollector()) {
					NDArray x = train.batch(manager, positions);
					NDArray y = manager.create(train.labels(positions));
					NDArray logProbabilities = c.logits(x).logSoftmax(1);
					NDArray picked = logProbabilities.mul(y.oneHot(c.classes)).sum(new int[] { 1 });
					collector.backward(picked.mean().neg());
				}
				updater.step(step);
			}
			return c;
		}

		int[] predict(float[] images, int count, NDManager manager) {
			int[][] out = new int[1][];
			GradMode.off(() -> {
				try (NDManager scratch = manager.newSubManager()) {
					NDArray x = scratch.create(images, new Shape(count, 1, this.size, this.size));
					out[0] = c(x).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
				}
			});
			return out[0];
		}

		private NDArray c(NDArray x) {
			return logits(x);
		}

		double accuracy(Examples examples, NDManager manager) {
			int n = examples.count();
			int[] positions = Monitor.range(n);
			int[] predicted = predict(examples.values(positions), n, manager);
			int[] labels = examples.labels(positions);
			int right = 0;
			for (int i = 0; i < n; i++) {
				right += predicted[i] == labels[i] ? 1 : 0;
			}
			return right / (double) n;
		}

	}

}
