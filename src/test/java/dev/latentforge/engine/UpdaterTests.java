package dev.latentforge.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.latentforge.models.OptimizerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Updater} against the update rules of PyTorch's {@code torch.optim}, computed
 * here by hand in double precision: six updates of a 2×3 weight with fixed gradients, for
 * Adam, Adam with L2 weight decay, AdamW, and SGD with momentum and weight decay. The
 * weights must agree within 1e-5 relative after every update (float32 against double).
 */
class UpdaterTests {

	@ParameterizedTest(name = "{0}, weight decay {1}")
	@CsvSource({ "ADAM, 0", "ADAM, 0.05", "ADAMW, 0.05", "SGD, 0.05" })
	void updatesEqualTheRulesByHand(OptimizerSpec.Type type, double decay) {
		double lr = 0.01;
		double beta1 = 0.5;
		double beta2 = 0.9;
		double eps = 1e-3; // large enough that where ε enters shows
		double momentum = 0.9;
		OptimizerSpec spec = new OptimizerSpec(type, lr, List.of(beta1, beta2), momentum, decay, eps, null);
		SplittableRandom random = new SplittableRandom(5);
		int n = 6;
		double[] theta = new double[n];
		for (int i = 0; i < n; i++) {
			theta[i] = random.nextDouble(-1, 1);
		}
		double[] m = new double[n];
		double[] v = new double[n];
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray weight = manager.create(toFloats(theta), new Shape(2, 3));
			Parameter parameter = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
			parameter.setArray(weight);
			Map<String, Parameter> parameters = new LinkedHashMap<>();
			parameters.put("w", parameter);
			Updater updater = new Updater(spec, 100, parameters, manager);
			for (int t = 1; t <= 6; t++) {
				double[] g = new double[n];
				for (int i = 0; i < n; i++) {
					// gradients of very different sizes, so ε and the moments matter
					g[i] = random.nextDouble(-1, 1) * Math.pow(10, -(i % 3) * 2);
				}
				NDArray gradient = manager.create(toFloats(g), new Shape(2, 3));
				updater.step(t, Map.of("w", gradient));
				for (int i = 0; i < n; i++) {
					switch (type) {
						case SGD -> {
							double d = g[i] + decay * theta[i];
							m[i] = t == 1 ? d : momentum * m[i] + d;
							theta[i] -= lr * m[i];
						}
						case ADAM, ADAMW -> {
							double d = g[i];
							if (type == OptimizerSpec.Type.ADAMW) {
								theta[i] *= 1 - lr * decay;
							}
							else {
								d += decay * theta[i];
							}
							m[i] = beta1 * m[i] + (1 - beta1) * d;
							v[i] = beta2 * v[i] + (1 - beta2) * d * d;
							double mHat = m[i] / (1 - Math.pow(beta1, t));
							double vHat = v[i] / (1 - Math.pow(beta2, t));
							theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
						}
					}
				}
				float[] got = weight.toFloatArray();
				for (int i = 0; i < n; i++) {
					assertThat((double) got[i]).as("update %d, element %d", t, i)
						.isCloseTo(theta[i],
								org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(theta[i]))));
				}
			}
		}
	}

	private static float[] toFloats(double[] values) {
		float[] out = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (float) values[i];
		}
		return out;
	}

}
