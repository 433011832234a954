package dev.latentforge.models.gan;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentforge.engine.GradMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The players' training batch norm and instance norm, which run as libtorch's fused batch
 * norm ({@link Layers#trainingBatchNorm}, {@link Layers#trainingInstanceNorm}), against
 * computations by hand: values, input gradients, γ and β gradients and the running
 * statistics. Their composed forms gave a different gradient now and then on identical
 * inputs; {@code GanModelTests.aResumedRunRepeatsTheUninterruptedOne} is the check that
 * training repeats itself bit for bit.
 */
class FusedNormsTests {

	@BeforeAll
	static void oneThread() {
		GanTesting.oneThread();
	}

	static final float[] GAMMA = { 1.5f, -0.5f };

	static final float[] BETA = { 0.25f, 1f };

	/** A net whose stage "n" has γ and β set to {@link #GAMMA} and {@link #BETA}. */
	static Net net(NDManager manager) {
		Net net = new Net(manager);
		NDArray gamma = net.parameter("n.gamma", new Shape(2), Net.Init.ONE);
		NDArray beta = net.parameter("n.beta", new Shape(2), Net.Init.ZERO);
		GradMode.off(() -> {
			gamma.set(FloatBuffer.wrap(GAMMA));
			beta.set(FloatBuffer.wrap(BETA));
		});
		return net;
	}

	/** x [B=3, C=2, 2, 2]. */
	static final Shape SHAPE = new Shape(3, 2, 2, 2);

	/**
	 * One training pass of norm "n" on x and the backward of Σ y·w.
	 *
	 * @param y the output
	 * @param dx the input gradient
	 * @param input x as the net saw it (for an inference pass after)
	 */
	record Trained(float[] y, float[] dx, NDArray input) {
	}

	static Trained train(Net net, GanSpec.Norm kind, double[] x, double[] w, NDManager manager) {
		NDArray input = manager.create(toFloats(x), SHAPE);
		input.setRequiresGradient(true);
		float[] y;
		try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
			NDArray out = Layers.norm(net, "n", input, kind, Pass.training(), false);
			y = out.toFloatArray();
			collector.backward(out.mul(manager.create(toFloats(w), out.getShape())).sum());
		}
		return new Trained(y, input.getGradient().toFloatArray(), input);
	}

	static float[] infer(Net net, GanSpec.Norm kind, NDArray input) {
		float[][] out = new float[1][];
		GradMode.off(() -> out[0] = Layers.norm(net, "n", input, kind, Pass.inference(), false).toFloatArray());
		return out[0];
	}

	/**
	 * Checks y and dx over one normalisation group (the indices of x normalised together)
	 * against the definition: y = γ·x̂ + β with x̂ = (x − μ) / √(σ² + ε), and dx = γ /
	 * √(σ² + ε) · (w − mean w − x̂ · mean(w·x̂)).
	 * @return the group's mean and biased variance
	 */
	static double[] checkGroup(int[] group, int channel, double[] x, double[] w, Trained trained) {
		int n = group.length;
		double mean = 0;
		for (int i : group) {
			mean += x[i] / n;
		}
		double variance = 0;
		for (int i : group) {
			variance += (x[i] - mean) * (x[i] - mean) / n;
		}
		double sigma = Math.sqrt(variance + Layers.EPSILON);
		double meanW = 0;
		double meanWHat = 0;
		for (int i : group) {
			meanW += w[i] / n;
			meanWHat += w[i] * (x[i] - mean) / sigma / n;
		}
		for (int i : group) {
			double hat = (x[i] - mean) / sigma;
			assertThat((double) trained.y()[i]).as("y[%d]", i)
				.isCloseTo(GAMMA[channel] * hat + BETA[channel], within(1e-5));
			double expected = GAMMA[channel] / sigma * (w[i] - meanW - hat * meanWHat);
			assertThat((double) trained.dx()[i]).as("dx[%d]", i).isCloseTo(expected, within(1e-5));
		}
		return new double[] { mean, variance };
	}

	@Test
	void trainingBatchNormMatchesTheDefinitionWithItsGradientsAndRunningStatistics() {
		double[] x = uniform(11, -1, 3);
		double[] w = uniform(~11L, -1, 1);
		try (NDManager manager = NDManager.newBaseManager()) {
			Net net = net(manager);
			Trained trained = train(net, GanSpec.Norm.BATCH, x, w, manager);
			float[] dGamma = net.parameters().get("n.gamma").getArray().getGradient().toFloatArray();
			float[] dBeta = net.parameters().get("n.beta").getArray().getGradient().toFloatArray();
			float[] runningMean = net.buffer("n.running_mean").toFloatArray();
			float[] runningVar = net.buffer("n.running_var").toFloatArray();
			float[] inferred = infer(net, GanSpec.Norm.BATCH, trained.input());
			for (int ch = 0; ch < 2; ch++) {
				// a channel: 12 values, 4 pixels of each of the 3 examples
				int[] group = channel(ch);
				int n = group.length;
				double[] stats = checkGroup(group, ch, x, w, trained);
				double sigma = Math.sqrt(stats[1] + Layers.EPSILON);
				double gammaGrad = 0;
				double betaGrad = 0;
				for (int i : group) {
					gammaGrad += w[i] * (x[i] - stats[0]) / sigma;
					betaGrad += w[i];
				}
				assertThat((double) dGamma[ch]).isCloseTo(gammaGrad, within(1e-5));
				assertThat((double) dBeta[ch]).isCloseTo(betaGrad, within(1e-5));
				// PyTorch's update: momentum 0.1, the unbiased variance
				assertThat((double) runningMean[ch]).isCloseTo(0.1 * stats[0], within(1e-6));
				assertThat((double) runningVar[ch]).isCloseTo(0.9 + 0.1 * stats[1] * n / (n - 1), within(1e-6));
				// inference normalises with the running statistics
				for (int i : group) {
					double expected = GAMMA[ch] * (x[i] - runningMean[ch]) / Math.sqrt(runningVar[ch] + Layers.EPSILON)
							+ BETA[ch];
					assertThat((double) inferred[i]).isCloseTo(expected, within(1e-5));
				}
			}
		}
	}

	@Test
	void trainingInstanceNormMatchesTheDefinitionWithItsGradients() {
		double[] x = uniform(12, -1, 3);
		double[] w = uniform(~12L, -1, 1);
		try (NDManager manager = NDManager.newBaseManager()) {
			Net net = net(manager);
			Trained trained = train(net, GanSpec.Norm.INSTANCE, x, w, manager);
			float[] inferred = infer(net, GanSpec.Norm.INSTANCE, trained.input());
			for (int group = 0; group < 6; group++) {
				// an example's channel: its own 4 pixels
				int ch = group % 2;
				int[] pixels = IntStream.range(group * 4, group * 4 + 4).toArray();
				double[] stats = checkGroup(pixels, ch, x, w, trained);
				// inference (the composed formula) normalises with the same statistics
				for (int i : pixels) {
					double hat = (x[i] - stats[0]) / Math.sqrt(stats[1] + Layers.EPSILON);
					assertThat((double) inferred[i]).as("inference y[%d]", i)
						.isCloseTo(GAMMA[ch] * hat + BETA[ch], within(1e-5));
				}
			}
		}
	}

	/** The indices of channel c in x [3, 2, 2, 2]. */
	private static int[] channel(int c) {
		return IntStream.range(0, 3).flatMap((e) -> IntStream.range((e * 2 + c) * 4, (e * 2 + c) * 4 + 4)).toArray();
	}

	/** Values of x's size, uniform in [low, high), from a seed. */
	private static double[] uniform(long seed, double low, double high) {
		SplittableRandom random = new SplittableRandom(seed);
		double[] out = new double[(int) SHAPE.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = low + (high - low) * random.nextDouble();
		}
		return out;
	}

	private static float[] toFloats(double[] values) {
		float[] out = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (float) values[i];
		}
		return out;
	}

}
