package dev.latentforge.models.autoencoder;

import java.nio.file.Path;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.testing.TestDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The sparse autoencoder's KL penalty, its gradient and its running estimate ρ̂. */
class SparsityPenaltyTests {

	@Test
	void penaltyAndGradientMatchAHandComputation() {
		EngineInfo.engine();
		JniUtils.setGradMode(false);
		double rho = 0.2;
		double beta = 2.0;
		double lambda = 0.5;
		float[][] h = { { 0.2f, 0.6f, 0.9f }, { 0.4f, 0.2f, 0.5f } };
		float[] previous = { 0.1f, 0.3f, 0.5f };
		// by hand: batch mean (0.3, 0.4, 0.7); ρ̂ = ½·mean + ½·previous = (0.2, 0.35,
		// 0.6)
		double[] estimate = { 0.2, 0.35, 0.6 };
		double penalty = 0;
		for (double e : estimate) {
			penalty += beta * (rho * Math.log(rho / e) + (1 - rho) * Math.log((1 - rho) / (1 - e)));
		}
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray codes = manager.create(new float[] { 0.2f, 0.6f, 0.9f, 0.4f, 0.2f, 0.5f }, new Shape(2, 3));
			codes.setRequiresGradient(true);
			SparsityPenalty.Result result;
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				result = SparsityPenalty.of(codes, previous, new AutoencoderSpec.Sparsity(rho, beta, lambda));
				collector.backward(result.penalty());
			}
			assertThat((double) result.penalty().getFloat()).isCloseTo(penalty, within(1e-5));
			float[] got = result.estimate().toFloatArray();
			for (int j = 0; j < 3; j++) {
				assertThat((double) got[j]).isCloseTo(estimate[j], within(1e-6));
			}
			// ∂/∂h_ij = β·(1 − λ)/B·(−ρ/ρ̂_j + (1 − ρ)/(1 − ρ̂_j)): only the batch's
			// share
			float[] gradient = codes.getGradient().toFloatArray();
			for (int i = 0; i < 2; i++) {
				for (int j = 0; j < 3; j++) {
					double e = estimate[j];
					double expected = beta * (1 - lambda) / 2 * (-rho / e + (1 - rho) / (1 - e));
					assertThat((double) gradient[i * 3 + j]).as("gradient at (%d, %d)", i, j)
						.isCloseTo(expected, within(1e-5));
				}
			}
			assertThat(h[0][0]).isEqualTo(0.2f);
		}
	}

	@Test
	void theFirstBatchUsesItsOwnMean() {
		EngineInfo.engine();
		JniUtils.setGradMode(false);
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray codes = manager.create(new float[] { 0.1f, 0.3f }, new Shape(2, 1));
			SparsityPenalty.Result result = SparsityPenalty.of(codes, null,
					new AutoencoderSpec.Sparsity(0.2, 1.0, 0.9));
			double e = 0.2;
			assertThat((double) result.estimate().getFloat(0)).isCloseTo(e, within(1e-6));
			assertThat((double) result.penalty().getFloat()).isCloseTo(0, within(1e-6));
		}
	}

	@Test
	void theRunningEstimateMovesTowardRho(@TempDir Path dir) throws Exception {
		TestDatasets.corners(dir.resolve("corners"), "corners", 512, 128);
		AutoencoderSpec spec = new AutoencoderSpec(java.util.List.of(32, 16), null, AutoencoderSpec.Activation.SIGMOID,
				null, null, null, null, null, new AutoencoderSpec.Sparsity(0.05, 3.0, 0.9), null, null, null, null,
				null);
		try (AutoencoderRuns run = AutoencoderRuns.start(dir.resolve("corners"), spec, 300, 32, 1e-2, 7)) {
			double first = run.run(1, 1).get("rho_hat");
			Map<String, Double> last = run.run(2, 300);
			double rhoHat = last.get("rho_hat");
			Map<String, Double> metrics = run.evaluate();
			// sigmoid units start near 0.5; the penalty pulls their average toward ρ =
			// 0.05
			assertThat(first).isGreaterThan(0.3);
			assertThat(Math.abs(rhoHat - 0.05)).isLessThan(Math.abs(first - 0.05) / 4);
			assertThat(metrics.get("val_rho_hat")).isLessThan(0.15);
			assertThat(metrics.get("val_mse_ratio")).isLessThan(1.0);
		}
	}

}
