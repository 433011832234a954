package dev.latentforge.models.gan;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

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

	@Test
	void trainingBatchNormMatchesTheDefinitionWithItsGradientsAndRunningStatistics() {
		// x [B=3, C=2, 2, 2]: per channel 12 values
		int b = 3;
		int c = 2;
		int pixels = 4;
		double[] x = new double[b * c * pixels];
		double[] w = new double[x.length];
		SplittableRandom random = new SplittableRandom(11);
		for (int i = 0; i < x.length; i++) {
			x[i] = random.nextDouble() * 4 - 1;
			w[i] = random.nextDouble() * 2 - 1;
		}
		try (NDManager manager = NDManager.newBaseManager()) {
			Net net = net(manager);
			NDArray input = manager.create(toFloats(x), new Shape(b, c, 2, 2));
			input.setRequiresGradient(true);
			float[] y;
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				NDArray out = Layers.norm(net, "n", input, GanSpec.Norm.BATCH, Pass.training(), false);
				y = out.toFloatArray();
				collector.backward(out.mul(manager.create(toFloats(w), out.getShape())).sum());
			}
			float[] dx = input.getGradient().toFloatArray();
			float[] dGamma = net.parameters().get("n.gamma").getArray().getGradient().toFloatArray();
			float[] dBeta = net.parameters().get("n.beta").getArray().getGradient().toFloatArray();
			float[] runningMean = net.buffer("n.running_mean").toFloatArray();
			float[] runningVar = net.buffer("n.running_var").toFloatArray();
			int n = b * pixels;
			for (int ch = 0; ch < c; ch++) {
				double mean = 0;
				for (int i : indices(ch, b, c, pixels)) {
					mean += x[i] / n;
				}
				double variance = 0;
				for (int i : indices(ch, b, c, pixels)) {
					variance += (x[i] - mean) * (x[i] - mean) / n;
				}
				double sigma = Math.sqrt(variance + Layers.EPSILON);
				double meanW = 0;
				double meanWHat = 0;
				double gammaGrad = 0;
				double betaGrad = 0;
				for (int i : indices(ch, b, c, pixels)) {
					double hat = (x[i] - mean) / sigma;
					assertThat((double) y[i]).as("y[%d]", i).isCloseTo(GAMMA[ch] * hat + BETA[ch], within(1e-5));
					meanW += w[i] / n;
					meanWHat += w[i] * hat / n;
					gammaGrad += w[i] * hat;
					betaGrad += w[i];
				}
				for (int i : indices(ch, b, c, pixels)) {
					double hat = (x[i] - mean) / sigma;
					double expected = GAMMA[ch] / sigma * (w[i] - meanW - hat * meanWHat);
					assertThat((double) dx[i]).as("dx[%d]", i).isCloseTo(expected, within(1e-5));
				}
				assertThat((double) dGamma[ch]).isCloseTo(gammaGrad, within(1e-5));
				assertThat((double) dBeta[ch]).isCloseTo(betaGrad, within(1e-5));
				// PyTorch's update: momentum 0.1, the unbiased variance
				assertThat((double) runningMean[ch]).isCloseTo(0.1 * mean, within(1e-6));
				assertThat((double) runningVar[ch]).isCloseTo(0.9 + 0.1 * variance * n / (n - 1), within(1e-6));
			}
			// inference normalises with the running statistics
			float[][] holder = new float[1][];
			GradMode.off(() -> holder[0] = Layers.norm(net, "n", input, GanSpec.Norm.BATCH, Pass.inference(), false)
				.toFloatArray());
			float[] inferred = holder[0];
			for (int ch = 0; ch < c; ch++) {
				for (int i : indices(ch, b, c, pixels)) {
					double expected = GAMMA[ch] * (x[i] - runningMean[ch]) / Math.sqrt(runningVar[ch] + Layers.EPSILON)
							+ BETA[ch];
					assertThat((double) inferred[i]).isCloseTo(expected, within(1e-5));
				}
			}
		}
	}

	@Test
	void trainingInstanceNormMatchesTheDefinitionWithItsGradients() {
		// x [B=3, C=2, 2, 2]: each example's channel is normalised over its own 4 pixels
		int b = 3;
		int c = 2;
		int pixels = 4;
		double[] x = new double[b * c * pixels];
		double[] w = new double[x.length];
		SplittableRandom random = new SplittableRandom(12);
		for (int i = 0; i < x.length; i++) {
			x[i] = random.nextDouble() * 4 - 1;
			w[i] = random.nextDouble() * 2 - 1;
		}
		try (NDManager manager = NDManager.newBaseManager()) {
			Net net = net(manager);
			NDArray input = manager.create(toFloats(x), new Shape(b, c, 2, 2));
			input.setRequiresGradient(true);
			float[] y;
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				NDArray out = Layers.norm(net, "n", input, GanSpec.Norm.INSTANCE, Pass.training(), false);
				y = out.toFloatArray();
				collector.backward(out.mul(manager.create(toFloats(w), out.getShape())).sum());
			}
			float[] dx = input.getGradient().toFloatArray();
			float[][] holder = new float[1][];
			GradMode.off(() -> holder[0] = Layers.norm(net, "n", input, GanSpec.Norm.INSTANCE, Pass.inference(), false)
				.toFloatArray());
			for (int group = 0; group < b * c; group++) {
				int ch = group % c;
				int from = group * pixels;
				double mean = 0;
				for (int i = from; i < from + pixels; i++) {
					mean += x[i] / pixels;
				}
				double variance = 0;
				for (int i = from; i < from + pixels; i++) {
					variance += (x[i] - mean) * (x[i] - mean) / pixels;
				}
				double sigma = Math.sqrt(variance + Layers.EPSILON);
				double meanW = 0;
				double meanWHat = 0;
				for (int i = from; i < from + pixels; i++) {
					meanW += w[i] / pixels;
					meanWHat += w[i] * (x[i] - mean) / sigma / pixels;
				}
				for (int i = from; i < from + pixels; i++) {
					double hat = (x[i] - mean) / sigma;
					assertThat((double) y[i]).as("y[%d]", i).isCloseTo(GAMMA[ch] * hat + BETA[ch], within(1e-5));
					assertThat((double) holder[0][i]).as("inference y[%d]", i)
						.isCloseTo(GAMMA[ch] * hat + BETA[ch], within(1e-5));
					double expected = GAMMA[ch] / sigma * (w[i] - meanW - hat * meanWHat);
					assertThat((double) dx[i]).as("dx[%d]", i).isCloseTo(expected, within(1e-5));
				}
			}
		}
	}

	private static int[] indices(int channel, int b, int c, int pixels) {
		int[] out = new int[b * pixels];
		int k = 0;
		for (int e = 0; e < b; e++) {
			for (int p = 0; p < pixels; p++) {
				out[k++] = (e * c + channel) * pixels + p;
			}
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
