package dev.latentforge.evaluation.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.GradMode;

/**
 * Images seen through the evaluator network: their features and class probabilities.
 *
 * @param features [n][FEATURES]
 * @param probabilities [n][classes]
 */
record FeatureSet(double[][] features, double[][] probabilities) {

	private static final int BATCH = 256;

	static FeatureSet of(EvaluatorNetwork network, float[] images, int count, Shape imageShape, NDManager manager) {
		int size = Math.toIntExact(imageShape.size());
		double[][] features = new double[count][];
		double[][] probabilities = new double[count][];
		for (int start = 0; start < count; start += BATCH) {
			int n = Math.min(BATCH, count - start);
			int first = start;
			float[] batch = java.util.Arrays.copyOfRange(images, start * size, (start + n) * size);
			GradMode.off(() -> {
				try (NDManager scope = manager.newSubManager(); NDScope nd = new NDScope()) {
					NDArray x = scope.create(batch, new Shape(n).addAll(imageShape)).clip(0f, 1f);
					NDArray f = network.features(x, false); // [n, FEATURES]
					float[] fv = f.toFloatArray();
					float[] pv = network.logits(f, false).softmax(1).toFloatArray(); // [n,
																						// K]
					int d = EvaluatorNetwork.FEATURES;
					int k = network.classes();
					for (int i = 0; i < n; i++) {
						features[first + i] = new double[d];
						for (int j = 0; j < d; j++) {
							features[first + i][j] = fv[i * d + j];
						}
						probabilities[first + i] = new double[k];
						for (int j = 0; j < k; j++) {
							probabilities[first + i][j] = pv[i * k + j];
						}
					}
				}
			});
		}
		return new FeatureSet(features, probabilities);
	}

	/** The evaluator's most probable class of each image. */
	int[] predicted() {
		int[] out = new int[this.probabilities.length];
		for (int i = 0; i < out.length; i++) {
			out[i] = ClassifierScores.argmax(this.probabilities[i]);
		}
		return out;
	}

}
