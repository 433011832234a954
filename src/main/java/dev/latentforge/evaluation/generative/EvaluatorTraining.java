package dev.latentforge.evaluation.generative;

import java.util.function.DoubleConsumer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Rng;
import dev.latentforge.engine.Updater;
import dev.latentforge.models.Examples;
import dev.latentforge.models.OptimizerSpec;

/**
 * Trains the {@link EvaluatorNetwork} on a labelled training split: softmax
 * cross-entropy, Adam (learning rate 1e-3), mini-batches of {@link #BATCH} drawn from a
 * seeded permutation per epoch; and measures its accuracy on held-out examples.
 */
public final class EvaluatorTraining {

	/** The training batch size. */
	public static final int BATCH = 64;

	private static final int EVAL_BATCH = 256;

	private EvaluatorTraining() {
	}

	/**
	 * Trains a network.
	 * @param network the network, initialised
	 * @param train labelled training examples
	 * @param steps the updates
	 * @param rng the random streams (shuffling)
	 * @param manager owns the optimizer's state
	 * @param progress receives the fraction done
	 * @return the mean loss of the last tenth of the steps
	 */
	public static double train(EvaluatorNetwork network, Examples train, int steps, Rng rng, NDManager manager,
			DoubleConsumer progress) {
		Updater updater = new Updater(OptimizerSpec.defaults(), steps, network.parameters(), manager);
		int n = train.count();
		int batch = Math.min(BATCH, n);
		int perEpoch = Math.max(1, n / batch);
		int[] order = null;
		long epochOfOrder = -1;
		double tail = 0;
		int tailCount = 0;
		for (int step = 1; step <= steps; step++) {
			long epoch = (step - 1) / perEpoch;
			if (epoch != epochOfOrder) {
				order = rng.permutation(epoch, "evaluator/shuffle", n);
				epochOfOrder = epoch;
			}
			int offset = (int) ((step - 1) % perEpoch) * batch;
			int[] positions = java.util.Arrays.copyOfRange(order, offset, offset + batch);
			try (NDManager scope = manager.newSubManager(); NDScope nd = new NDScope()) {
				NDArray images = train.batch(scope, positions); // [B, C, H, W]
				NDArray onehot = scope.create(train.labels(positions)).oneHot(network.classes()); // [B,
																									// K]
				float loss;
				try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
					NDArray logits = network.logits(network.features(images, true), true); // [B,
																							// K]
					NDArray value = logits.logSoftmax(1).mul(onehot).sum(new int[] { 1 }).neg().mean();
					collector.backward(value);
					loss = value.getFloat();
				}
				updater.step(step);
				if (step > steps - Math.max(1, steps / 10)) {
					tail += loss;
					tailCount++;
				}
			}
			progress.accept((double) step / steps);
		}
		return tail / Math.max(1, tailCount);
	}

	/** The share of examples whose most probable class is their label. */
	public static double accuracy(EvaluatorNetwork network, Examples examples, int limit, NDManager manager) {
		int n = Math.min(limit, examples.count());
		int[] labels = examples.labels(range(0, n));
		double[][] probabilities = probabilities(network, examples, n, manager);
		int hits = 0;
		for (int i = 0; i < n; i++) {
			if (ClassifierScores.argmax(probabilities[i]) == labels[i]) {
				hits++;
			}
		}
		return (double) hits / n;
	}

	static double[][] probabilities(EvaluatorNetwork network, Examples examples, int n, NDManager manager) {
		double[][] out = new double[n][];
		for (int start = 0; start < n; start += EVAL_BATCH) {
			int[] positions = range(start, Math.min(n, start + EVAL_BATCH));
			int first = start;
			GradMode.off(() -> {
				try (NDManager scope = manager.newSubManager(); NDScope nd = new NDScope()) {
					NDArray images = examples.batch(scope, positions);
					float[] p = network.logits(network.features(images, false), false).softmax(1).toFloatArray();
					int k = network.classes();
					for (int i = 0; i < positions.length; i++) {
						out[first + i] = new double[k];
						for (int c = 0; c < k; c++) {
							out[first + i][c] = p[i * k + c];
						}
					}
				}
			});
		}
		return out;
	}

	static int[] range(int from, int to) {
		int[] out = new int[to - from];
		for (int i = 0; i < out.length; i++) {
			out[i] = from + i;
		}
		return out;
	}

}
