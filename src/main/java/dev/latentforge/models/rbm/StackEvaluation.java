package dev.latentforge.models.rbm;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.Examples;

/**
 * The held-out measures of one RBM of a stack, on data sampled up to it, and a
 * classifier's accuracy.
 */
final class StackEvaluation {

	private StackEvaluation() {
	}

	/**
	 * {@code reconstruction_error}, {@code pseudo_log_likelihood} (Bernoulli units),
	 * {@code free_energy_train}, {@code free_energy_val} and {@code free_energy_gap}
	 * (held out minus training: it grows when the model overfits, Hinton's guide section
	 * 6) of layer {@code layer}.
	 */
	static Map<String, Double> rbmMetrics(RbmStack stack, int layer, NDArray validation, NDArray training, Rng rng,
			long step) {
		Map<String, Double> out = new LinkedHashMap<>();
		try (NDScope scope = new NDScope()) {
			Noise noise = new Noise(rng, step, "eval/", validation.getManager());
			NDArray val = stack.sampleUp(validation, layer, noise);
			NDArray train = stack.sampleUp(training, layer, noise.on(training.getManager()));
			Rbm rbm = stack.layer(layer);
			out.put("reconstruction_error", RbmMetrics.reconstructionError(rbm, val));
			if (rbm.visible() == Rbm.Visible.BERNOULLI) {
				out.put("pseudo_log_likelihood", RbmMetrics.pseudoLogLikelihood(rbm, val));
			}
			double trainEnergy = RbmMetrics.meanFreeEnergy(rbm, train);
			double valEnergy = RbmMetrics.meanFreeEnergy(rbm, val);
			out.put("free_energy_train", trainEnergy);
			out.put("free_energy_val", valEnergy);
			out.put("free_energy_gap", valEnergy - trainEnergy);
		}
		return out;
	}

	/** The classifier's accuracy on labelled examples. */
	static double accuracy(RbmStack stack, Examples examples, NDManager manager) {
		int correct = 0;
		int width = examples.info().exampleSize();
		for (int start = 0; start < examples.count(); start += 500) {
			int end = Math.min(examples.count(), start + 500);
			int[] positions = new int[end - start];
			for (int i = 0; i < positions.length; i++) {
				positions[i] = start + i;
			}
			try (NDScope scope = new NDScope()) {
				NDArray images = manager.create(examples.values(positions), new Shape(positions.length, width));
				long[] predicted = stack.classifier()
					.probabilities(stack.visibleFromImages(images))
					.argMax(1)
					.toLongArray();
				int[] labels = examples.labels(positions);
				for (int i = 0; i < labels.length; i++) {
					if (predicted[i] == labels[i]) {
						correct++;
					}
				}
			}
		}
		return (double) correct / examples.count();
	}

}
