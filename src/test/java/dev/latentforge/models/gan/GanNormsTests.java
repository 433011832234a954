package dev.latentforge.models.gan;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Virtual batch norm and historical averaging against computations by hand. */
class GanNormsTests {

	@Test
	void virtualBatchNormUsesTheReferenceBatchPlusTheExample() {
		try (NDManager manager = NDManager.newBaseManager()) {
			// one feature; reference batch {1, 2, 3, 6}; examples 0 and 10
			NDArray reference = manager.create(new float[] { 1, 2, 3, 6 }).reshape(4, 1);
			NDArray examples = manager.create(new float[] { 0, 10 }).reshape(2, 1);
			Pass ref = Pass.reference(true);
			float[] refOut = Layers.virtualBatchNorm("n", reference, ref).toFloatArray();
			// the reference batch is normalised with its own mean 3 and variance 3.5
			for (int i = 0; i < 4; i++) {
				double x = new double[] { 1, 2, 3, 6 }[i];
				assertThat((double) refOut[i]).isCloseTo((x - 3) / Math.sqrt(3.5 + 1e-5), within(1e-5));
			}
			float[] out = Layers.virtualBatchNorm("n", examples, Pass.withReference(true, ref)).toFloatArray();
			for (int i = 0; i < 2; i++) {
				double x = new double[] { 0, 10 }[i];
				double[] all = { 1, 2, 3, 6, x };
				double mean = 0;
				for (double v : all) {
					mean += v / 5;
				}
				double variance = 0;
				for (double v : all) {
					variance += (v - mean) * (v - mean) / 5;
				}
				assertThat((double) out[i]).isCloseTo((x - mean) / Math.sqrt(variance + 1e-5), within(1e-4));
			}
			// an example's output does not depend on the other examples of its batch
			float[] alone = Layers
				.virtualBatchNorm("n", manager.create(new float[] { 10 }).reshape(1, 1), Pass.withReference(true, ref))
				.toFloatArray();
			assertThat(alone[0]).isEqualTo(out[1]);
		}
	}

	@Test
	void virtualBatchNormOfFeatureMapsCountsPixels() {
		try (NDManager manager = NDManager.newBaseManager()) {
			// reference: 1 example, 1 channel, 2 pixels {0, 2}; example pixels {4, 6}
			NDArray reference = manager.create(new float[] { 0, 2 }).reshape(1, 1, 1, 2);
			NDArray example = manager.create(new float[] { 4, 6 }).reshape(1, 1, 1, 2);
			Pass ref = Pass.reference(false);
			Layers.virtualBatchNorm("n", reference, ref);
			float[] out = Layers.virtualBatchNorm("n", example, Pass.withReference(false, ref)).toFloatArray();
			// values {0, 2, 4, 6}: mean 3, variance 5
			assertThat((double) out[0]).isCloseTo(1 / Math.sqrt(5 + 1e-5), within(1e-5));
			assertThat((double) out[1]).isCloseTo(3 / Math.sqrt(5 + 1e-5), within(1e-5));
		}
	}

	@Test
	void historicalAveragingPenalisesDistanceFromTheMeanOfPastParameters() {
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray theta = manager.create(new float[] { 1, -2 });
			theta.setRequiresGradient(true);
			Parameter parameter = Parameter.builder()
				.setName("w")
				.setType(Parameter.Type.OTHER)
				.optArray(theta)
				.build();
			Map<String, Parameter> parameters = new LinkedHashMap<>();
			parameters.put("w", parameter);
			HistoricalAverage history = new HistoricalAverage(0.5, parameters);
			// past values: [1, −2], then [3, 0], then [5, 8]
			dev.latentforge.engine.GradMode.off(() -> theta.set(new float[] { 3, 0 }));
			history.update();
			dev.latentforge.engine.GradMode.off(() -> theta.set(new float[] { 5, 8 }));
			history.update();
			assertThat(history.mean("w").toFloatArray()).containsExactly(3f, 2f);
			dev.latentforge.engine.GradMode.off(() -> theta.set(new float[] { 4, 0 }));
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				NDArray penalty = history.penalty();
				collector.backward(penalty);
				// λ‖θ − θ̄‖² = 0.5 · ((4 − 3)² + (0 − 2)²) = 2.5
				assertThat(penalty.getFloat()).isCloseTo(2.5f, within(1e-6f));
			}
			// gradient 2λ(θ − θ̄) = [1, −2]
			assertThat(theta.getGradient().toFloatArray()).containsExactly(1f, -2f);
		}
	}

}
