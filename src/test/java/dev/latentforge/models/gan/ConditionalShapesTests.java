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
import org.junit.jupiter.api.Disabled;
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
 * that one image per class cannot pass.</li>
 * </ul>
 */
class ConditionalShapesTests {

	static final int STEPS = Integer.getInteger("gan.shapes.steps", 3000);

	static final int PER_CLASS = 200;

	/**
	 * The best configuration found within the budget on the current engine code: an
	 * AC-GAN head (Odena et al. 2017) beside the projection term, 48 filters, lr 5e-4 for
	 * both players with a cosine decay to zero, one-sided label smoothing 0.9, and an
	 * 8-dimensional latent. (lr 1e-3 with 32 filters reached 0.9625 before the optimizer
	 * moved to libtorch's fused Adam kernel; with that kernel's rounding the same run
	 * diverges to non-finite values: lr 1e-3 is at the edge of stability here.)
	 */
	static final String CONFIG = "\"architecture\":\"dcgan\",\"filters\":48,\"latentSize\":8,\"conditional\":true,"
			+ "\"auxiliaryClassifier\":1.0,\"labelSmoothing\":0.9,"
			+ "\"generator\":{\"learningRate\":5e-4,\"schedule\":{\"type\":\"cosine\"}},"
			+ "\"discriminator\":{\"learningRate\":5e-4,\"schedule\":{\"type\":\"cosine\"}}";

	@TempDir
	Path dir;

	@Disabled("not reached yet. With CONFIG at 3,000 steps the service's evaluator gives 0.936 to 0.958 in 3 runs "
			+ "(seeds 21, 21, 22; square 0.87 to 0.90, triangle 0.885 to 0.945; its held-out accuracy 0.997), and "
			+ "0.9375 and 0.9588 (seeds 21, 22) with convolutions off oneDNN (engine.nn.Convolutions), whose "
			+ "NaN had made this run diverge after 20 to 30 steps on the current CI machines; "
			+ "the test's own CNN 0.953 to 0.968 (held-out 1.000); runs of one seed differed then, from a rare wrong "
			+ "gradient of the composed batch norm (fixed: two JVMs now give identical results). 8,000 steps: 0.9625 (own CNN), no better. "
			+ "Probes that did not help: serving an average of G's weights (0.9650), auxiliary classifier weight "
			+ "3 (0.9488) and 10 (0.8663), truncation, hinge loss, spectral norm, no batch norm in D, "
			+ "class-conditional batch norm, 2 D steps, batch 32 or 128, latent 4 or 16, upsample+conv in G. "
			+ "G draws some triangles concave (read as crosses) and some squares rounded. No label bug: "
			+ "ConditionAlignmentTests proves G and D get the batch's labels at the caller's indices. "
			+ "Later probes (seed 21 unless named; service evaluator / own CNN): CONFIG again 0.255 (collapsed to "
			+ "crosses, lowest per-class diversity 0.34), seed 23 0.9438 / 0.9488, seed 24 0.9388 / 0.9250; a 3x3 stride-1 output convolution in G 0.9775 / 0.9688, "
			+ "0.9638 / 0.9613, seed 22 0.9213 / 0.9663; the same plus a 3x3 stride-1 convolution before each of D's "
			+ "0.9500 / 0.9725 (twice the time); a 3x3 stride-1 convolution after each of G's upsamplings "
			+ "0.8913 / 0.8813; virtual batch norm in G 0.9250 / 0.9400; D's inputs shifted by up to 2 pixels "
			+ "(DiffAugment translation) 0.9463 / 0.9575, with G's output convolution 0.9550 / 0.9738; G lr 2e-4 and D lr 8e-4 0.9188 / 0.9213; no label "
			+ "smoothing 0.9425 / 0.9225; 64 filters 0.9513 / 0.9525. The misread squares are rounded blobs of "
			+ "every size (18 to 82 pixels above 30% of their peak), the misread triangles have extra lobes. "
			+ "Rejection sampling by D's auxiliary classifier (own CNN): at 3,000 steps p >= 0.99 gives 0.9875 "
			+ "keeping 10% of squares and 18% of triangles; at 1,500 steps (raw 0.90, 234 s alone) it keeps 1.2% "
			+ "of squares, 0.958 of them right. 2026-11-28 probes (seed 21): CONFIG 0.9363 / 0.9375 and 0.9325 / "
			+ "0.9263, and with libtorch's batch norm 0.9288 / 0.9363 (two JVMs, identical); two latent components "
			+ "normalised onto the unit circle (an angle for rotation) 0.9525 / 0.9313; failures are not "
			+ "concentrated at small |z| in any latent coordinate; sampling G with batch statistics 0.9388 (own "
			+ "CNN), so batch norm's inference statistics are not the cause; no batch norm in G 0.8950 / 0.9013; "
			+ "real images with wrong labels shown to D as fakes (Reed et al. 2016) 0.9425 / 0.9538, at half "
			+ "weight a collapse to crosses; the auxiliary head trained on fakes too (Odena et al.) 0.9238 / "
			+ "0.9213, at half weight 0.9413 / 0.9313; an R1 penalty (gamma 1) 0.9463 / 0.9313; D's class loss x4 "
			+ "0.9400 / 0.9500")
	@Test
	void conditionalDcganGeneratesTheRequestedClass() throws Exception {
		GanTesting.oneThread();
		Path data = SmallShapes.write(this.dir.resolve("shapes-16"));
		GanSpec spec = GanTesting.spec(System.getProperty("gan.shapes.spec", CONFIG));
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, null, spec, 64, STEPS, 21, manager);
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
			for (int label = 0; label < SmallShapes.CLASSES; label++) {
				float[] latents = new Rng(99).gaussian(label, "test/latents", PER_CLASS * z, 1f);
				float[] conditions = new float[PER_CLASS * k];
				for (int i = 0; i < PER_CLASS; i++) {
					conditions[i * k + label] = 1;
				}
				float[] images = new Monitor(players, null, session).sample(manager, latents, conditions, PER_CLASS);
				int[] predicted = classifier.predict(images, PER_CLASS, manager);
				int right = 0;
				for (int p : predicted) {
					right += p == label ? 1 : 0;
				}
				correct += right;
				double generatedSpread = Statistics.meanPairwiseDistance(images, 256);
				double realSpread = Statistics.meanPairwiseDistance(realOfClass(session.data().validation(), label),
						256);
				report.append(String.format("%s: accuracy %.3f, diversity %.3f (real %.3f); ",
						SmallShapes.classes().get(label), right / (double) PER_CLASS, generatedSpread, realSpread));
				assertThat(generatedSpread).as("diversity of class " + label).isGreaterThan(0.5 * realSpread);
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
