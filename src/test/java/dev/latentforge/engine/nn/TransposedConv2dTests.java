package dev.latentforge.engine.nn;

import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Proves {@link TransposedConv2d} equal to the definition of a transposed convolution,
 * evaluated directly by scattering each input value's scaled kernel into the output:
 * values, and the gradients with respect to input, weight and bias.
 */
class TransposedConv2dTests {

	@ParameterizedTest(name = "in {0}x{1}x{2}, out {3}, k {4}, s {5}, p {6}, op {7}")
	@CsvSource({ "2, 3, 3, 2, 3, 1, 0, 0", "2, 2, 4, 3, 4, 2, 1, 0", "1, 3, 5, 2, 3, 2, 1, 1", "2, 1, 7, 2, 5, 3, 2, 2",
			"1, 2, 3, 1, 2, 2, 0, 1", "1, 2, 4, 2, 3, 1, 2, 0", "2, 4, 7, 3, 4, 2, 1, 0", "1, 2, 4, 2, 6, 2, 2, 0",
			"2, 2, 3, 2, 3, 3, 0, 0" })
	void valuesAndGradientsEqualTheDefinition(int batch, int in, int size, int out, int k, int stride, int padding,
			int outputPadding) {
		SplittableRandom random = new SplittableRandom(31L * size + k * 7L + stride);
		double[] x = NnTesting.gaussian(random, batch * in * size * size);
		double[] w = NnTesting.gaussian(random, in * out * k * k);
		double[] b = NnTesting.gaussian(random, out);
		int outSize = (int) TransposedConv2d.outputSize(size, k, stride, padding, outputPadding);
		double[] g = NnTesting.gaussian(random, batch * out * outSize * outSize);
		Definition expected = definition(x, w, b, g, batch, in, size, out, k, stride, padding, outSize);

		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray xs = manager.create(NnTesting.floats(x), new Shape(batch, in, size, size));
			NDArray ws = manager.create(NnTesting.floats(w), new Shape(in, out, k, k));
			NDArray bs = manager.create(NnTesting.floats(b), new Shape(out));
			NDArray gs = manager.create(NnTesting.floats(g), new Shape(batch, out, outSize, outSize));
			xs.setRequiresGradient(true);
			ws.setRequiresGradient(true);
			bs.setRequiresGradient(true);
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				NDArray y = TransposedConv2d.transposedConv2d(xs, ws, bs, stride, padding, outputPadding);
				assertThat(y.getShape()).isEqualTo(new Shape(batch, out, outSize, outSize));
				NnTesting.assertClose(y.toFloatArray(), expected.y());
				collector.backward(y.mul(gs).sum());
			}
			NnTesting.assertClose(xs.getGradient().toFloatArray(), expected.dx());
			NnTesting.assertClose(ws.getGradient().toFloatArray(), expected.dw());
			NnTesting.assertClose(bs.getGradient().toFloatArray(), expected.db());
		}
	}

	@Test
	void blockHasPyTorchLayoutAndOutputShape() {
		try (NDManager manager = NDManager.newBaseManager()) {
			TransposedConv2d block = TransposedConv2d.builder()
				.setFilters(64)
				.setKernel(4)
				.optStride(2)
				.optPadding(1)
				.build();
			Shape input = new Shape(5, 128, 7, 7);
			block.initialize(manager, DataType.FLOAT32, input);
			assertThat(block.getDirectParameters().get("weight").getArray().getShape())
				.isEqualTo(new Shape(128, 64, 4, 4));
			assertThat(block.getDirectParameters().get("bias").getArray().getShape()).isEqualTo(new Shape(64));
			NDArray y = block.forward(new ParameterStore(manager, false), new NDList(manager.ones(input)), false)
				.singletonOrThrow();
			// 128 x 7 x 7 -> 64 x 14 x 14, as DCGAN's generators upsample
			assertThat(y.getShape()).isEqualTo(new Shape(5, 64, 14, 14));
			assertThat(block.getOutputShapes(new Shape[] { input })[0]).isEqualTo(y.getShape());
		}
	}

	@Test
	void rejectsImpossibleSettings() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> TransposedConv2d.builder().setFilters(4).setKernel(3).optStride(2).optOutputPadding(2).build())
			.withMessageContaining("outputPadding");
		assertThatIllegalArgumentException().isThrownBy(() -> TransposedConv2d.builder().setKernel(3).build());
	}

	private record Definition(double[] y, double[] dx, double[] dw, double[] db) {
	}

	/**
	 * y[n, o, i·s − p + a, j·s − p + b] += x[n, c, i, j] · w[c, o, a, b], plus bias; and
	 * the gradients of Σ y ⊙ g, accumulated along the same index map.
	 */
	private static Definition definition(double[] x, double[] w, double[] b, double[] g, int batch, int in, int size,
			int out, int k, int s, int p, int outSize) {
		double[] y = new double[batch * out * outSize * outSize];
		double[] dx = new double[x.length];
		double[] dw = new double[w.length];
		double[] db = new double[out];
		for (int n = 0; n < batch; n++) {
			for (int o = 0; o < out; o++) {
				for (int r = 0; r < outSize; r++) {
					for (int q = 0; q < outSize; q++) {
						int yi = ((n * out + o) * outSize + r) * outSize + q;
						y[yi] += b[o];
						db[o] += g[yi];
					}
				}
			}
			for (int c = 0; c < in; c++) {
				for (int i = 0; i < size; i++) {
					for (int j = 0; j < size; j++) {
						int xi = ((n * in + c) * size + i) * size + j;
						for (int o = 0; o < out; o++) {
							for (int a = 0; a < k; a++) {
								for (int bb = 0; bb < k; bb++) {
									int r = i * s - p + a;
									int q = j * s - p + bb;
									if (r < 0 || q < 0 || r >= outSize || q >= outSize) {
										continue;
									}
									int yi = ((n * out + o) * outSize + r) * outSize + q;
									int wi = ((c * out + o) * k + a) * k + bb;
									y[yi] += x[xi] * w[wi];
									dx[xi] += g[yi] * w[wi];
									dw[wi] += g[yi] * x[xi];
								}
							}
						}
					}
				}
			}
		}
		return new Definition(y, dx, dw, db);
	}

}
