package dev.latentforge.engine.nn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The cost and the point of {@link Convolutions}: for the layer shapes this service
 * trains (GAN players at 16×16 and 28×28, transposed-convolution phases, autoencoder and
 * evaluator stages), a forward and backward pass through the engine's own convolution
 * (oneDNN) and through {@link Convolutions#conv2d}, alternated on one intra-op thread in
 * one JVM, and how far the engine's input gradient is from ours (which
 * {@code ConvolutionsTests} proves equal to the definition). Run by
 * {@code bench/convolutions/run.sh}; writes {@code results.md}.
 */
@EnabledIfSystemProperty(named = "bench.convolutions", matches = "true")
class ConvolutionBenchmark {

	/** batch, in, size, out, kernel, stride, padding, where. */
	static final Object[][] LAYERS = { { 64, 5, 16, 48, 4, 2, 1, "GAN D stage 1, 16×16, conditional" },
			{ 64, 48, 8, 96, 4, 2, 1, "GAN D stage 2 (48 channels, stride 2)" },
			{ 64, 100, 6, 48, 2, 1, 0, "GAN G phase, 8×8 out, 100 in" },
			{ 64, 52, 10, 1, 2, 1, 0, "GAN G output phase, 1 channel" },
			{ 64, 1, 28, 32, 4, 2, 1, "conv autoencoder stage 1, 28×28" },
			{ 64, 32, 14, 64, 4, 2, 1, "conv autoencoder stage 2, 14×14" },
			{ 64, 64, 14, 32, 3, 1, 1, "3×3 stage, 14×14" }, { 256, 8, 14, 16, 3, 1, 1, "evaluator CNN stage 2" } };

	@Test
	void compare() throws Exception {
		Engine.getInstance();
		ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
		int repeats = Integer.getInteger("bench.repeats", 100);
		StringBuilder out = new StringBuilder();
		out.append("# Convolution: the engine's oneDNN path against `Convolutions.conv2d`\n\n");
		out.append(String.format(
				"Forward and backward, %d calls each, alternated in blocks of %d, one intra-op thread, one JVM; "
						+ "median of 3 blocks. \"dx error\" is the largest difference between the engine's input "
						+ "gradient and ours (ours equals the definition, `ConvolutionsTests`), and \"NaN calls\" "
						+ "how many of the engine's calls returned a non-finite value or gradient.%n%n",
				3 * repeats, repeats));
		out.append("| layer | shape (N, in, size, out, k, s, p) | oneDNN ms | ours ms | ours / oneDNN | dx error "
				+ "| NaN calls (oneDNN / ours) |\n|---|---|---|---|---|---|---|\n");
		try (NDManager manager = NDManager.newBaseManager()) {
			for (Object[] layer : LAYERS) {
				int[] c = new int[7];
				for (int i = 0; i < 7; i++) {
					c[i] = (Integer) layer[i];
				}
				NDArray x = manager.randomNormal(0, 1, new Shape(c[0], c[1], c[2], c[2]), DataType.FLOAT32);
				NDArray w = manager.randomNormal(0, 0.05f, new Shape(c[3], c[1], c[4], c[4]), DataType.FLOAT32);
				double[][] times = new double[2][3];
				int[] nonFinite = new int[2];
				double dxError = 0;
				// the gradient comparison, outside the timed blocks (one per block, as
				// before)
				for (int sample = 0; sample < 3; sample++) {
					try (NDScope scope = new NDScope()) {
						float[] theirs = pass(x, w, c, true)[1];
						float[] ours = pass(x, w, c, false)[1];
						for (int k = 0; k < ours.length; k++) {
							dxError = Math.max(dxError, Math.abs((double) theirs[k] - ours[k]));
						}
					}
				}
				for (int block = 0; block < 3; block++) {
					for (int engine = 0; engine < 2; engine++) {
						long start = System.nanoTime();
						for (int i = 0; i < repeats; i++) {
							try (NDScope scope = new NDScope()) {
								float[][] r = pass(x, w, c, engine == 0);
								if (!NnTesting.allFinite(r[0]) || !NnTesting.allFinite(r[1])) {
									nonFinite[engine]++;
								}
							}
						}
						times[engine][block] = (System.nanoTime() - start) / 1e6 / repeats;
					}
				}
				double engineMs = median(times[0]);
				double oursMs = median(times[1]);
				out.append(String.format("| %s | %s | %.2f | %.2f | %.2f | %.2g | %d / %d |%n", layer[7],
						Arrays.toString(c), engineMs, oursMs, oursMs / engineMs, dxError, nonFinite[0], nonFinite[1]));
			}
		}
		Path target = Path.of(System.getProperty("bench.out", "bench/convolutions")).resolve("results.md");
		Files.createDirectories(target.getParent());
		Files.writeString(target, out.toString());
		System.out.print(out);
	}

	/** One forward and backward pass: {output, input gradient}. */
	private static float[][] pass(NDArray x, NDArray w, int[] c, boolean engine) {
		NDArray input = x.duplicate();
		input.setRequiresGradient(true);
		NDArray weight = w.duplicate();
		weight.setRequiresGradient(true);
		float[] y;
		try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
			NDArray out = engine ? Conv2d.conv2d(input, weight, null, new Shape(c[5], c[5]), new Shape(c[6], c[6]))
				.singletonOrThrow() : Convolutions.conv2d(input, weight, null, c[5], c[6]);
			y = out.toFloatArray();
			collector.backward(out.mul(0.5f).sum());
		}
		return new float[][] { y, input.getGradient().toFloatArray() };
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
