package dev.latentforge.models.gan;

import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Rng;
import dev.latentforge.engine.Updater;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lecture's optimal discriminator: with G fixed, D trained on the minimax loss
 * approaches D*(x) = p_data(x) / (p_data(x) + p_model(x)). Both densities are known 1-D
 * Gaussian mixtures; D is the family's MLP discriminator on 1-D points. Tolerance: over
 * the grid points where p_data + p_model ≥ 0.1, the mean absolute error of σ(D(x)) is
 * below 0.04 and the largest below 0.2 (the largest errors sit on the steep flank of D*
 * next to the narrow model component at 2, which a 64-unit MLP rounds off).
 */
class OptimalDiscriminatorTests {

	// p_data = 0.5 N(−1, 0.3²) + 0.5 N(1.5, 0.5²); p_model = 0.7 N(0, 0.6²) + 0.3 N(2,
	// 0.3²)
	static final double[][] DATA = { { 0.5, -1, 0.3 }, { 0.5, 1.5, 0.5 } };

	static final double[][] MODEL = { { 0.7, 0, 0.6 }, { 0.3, 2, 0.3 } };

	static double density(double[][] mixture, double x) {
		double p = 0;
		for (double[] c : mixture) {
			double z = (x - c[1]) / c[2];
			p += c[0] * Math.exp(-0.5 * z * z) / (c[2] * Math.sqrt(2 * Math.PI));
		}
		return p;
	}

	static float[] sample(double[][] mixture, int n, SplittableRandom random) {
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			double[] c = random.nextDouble() < mixture[0][0] ? mixture[0] : mixture[1];
			double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
			out[i] = (float) (c[1] + c[2] * g);
		}
		return out;
	}

	@Test
	void trainedDiscriminatorApproachesTheOptimum() {
		GanTesting.oneThread();
		GanSpec spec = GanTesting.spec("\"architecture\":\"mlp\",\"discriminatorLayers\":[64,64]")
			.resolved(GanTesting.info("mixture", DatasetInfo.DatasetKind.POINTS, 1, 1, java.util.List.of()));
		int batch = 256;
		int steps = 2500;
		try (NDManager manager = NDManager.newBaseManager()) {
			Discriminator d = new Discriminator(spec, 0, new Net(manager));
			GradMode.off(() -> d.forward(manager.zeros(new Shape(2, 1)), null, Pass.inference()));
			d.net.initialise(new Rng(5));
			Updater updater = new Updater(GanSpec.playerDefaults(GanLoss.MINIMAX)
				.resolvedWith(new dev.latentforge.models.OptimizerSpec(null, 2e-3, null, null, null, null, null)),
					steps, d.net.parameters(), manager);
			SplittableRandom random = new SplittableRandom(11);
			for (int step = 1; step <= steps; step++) {
				try (NDScope scope = new NDScope();
						GradientCollector collector = Engine.getInstance().newGradientCollector()) {
					NDArray real = manager.create(sample(DATA, batch, random), new Shape(batch, 1));
					NDArray fake = manager.create(sample(MODEL, batch, random), new Shape(batch, 1));
					NDArray loss = GanLosses.discriminator(d.forward(real, null, Pass.training()),
							d.forward(fake, null, Pass.training()), 1f);
					collector.backward(loss);
				}
				updater.step(step);
			}
			double sumError = 0;
			double maxError = 0;
			int counted = 0;
			float[] grid = new float[101];
			for (int i = 0; i < grid.length; i++) {
				grid[i] = -2.5f + 5.5f * i / 100;
			}
			float[][] predicted = new float[1][];
			GradMode.off(() -> predicted[0] = d
				.forward(manager.create(grid, new Shape(grid.length, 1)), null, Pass.inference())
				.getNDArrayInternal()
				.sigmoid()
				.toFloatArray());
			for (int i = 0; i < grid.length; i++) {
				double pd = density(DATA, grid[i]);
				double pm = density(MODEL, grid[i]);
				if (pd + pm < 0.1) {
					continue;
				}
				double error = Math.abs(predicted[0][i] - pd / (pd + pm));
				sumError += error;
				maxError = Math.max(maxError, error);
				counted++;
			}
			double meanError = sumError / counted;
			System.out.printf("optimal discriminator: mean |D − D*| = %.4f, max = %.4f over %d points%n", meanError,
					maxError, counted);
			assertThat(counted).isGreaterThan(60);
			assertThat(meanError).isLessThan(0.04);
			assertThat(maxError).isLessThan(0.2);
		}
	}

}
