package dev.latentforge.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * A 2-D transposed convolution with the semantics of PyTorch's {@code ConvTranspose2d},
 * for DJL's PyTorch engine, whose {@code Conv2dTranspose} throws "Not implemented".
 * <p>
 * By definition, each input value scatters a copy of the kernel scaled by itself into the
 * output: {@code y[n, o, i·s − p + a, j·s − p + b] += x[n, c, i, j] · w[c, o, a, b]} for
 * every input position (i, j) and kernel offset (a, b), plus the bias, keeping the output
 * positions in [0, H_out) × [0, W_out) with {@code H_out = (H − 1)·s − 2p + k + op}. That
 * equals an ordinary (cross-correlation) convolution with stride 1 of the input with
 * {@code s − 1} zeros inserted between neighbouring pixels, padded by {@code k − 1 − p}
 * on the top and left and {@code k − 1 − p + op} on the bottom and right (negative
 * padding crops), with the kernel flipped in both spatial axes and its in/out axes
 * swapped. This class computes it that way, with ops whose gradients DJL records
 * (reshape, pad, flip, transpose, conv2d), so the block trains.
 * {@code TransposedConv2dTests} proves values and gradients equal to the definition.
 * <p>
 * Parameters: {@code weight} [in, out, k, k] (PyTorch's layout) and {@code bias} [out].
 */
public final class TransposedConv2d extends AbstractBlock {

	private final int filters;

	private final int kernel;

	private final int stride;

	private final int padding;

	private final int outputPadding;

	private final Parameter weight;

	private final Parameter bias;

	private TransposedConv2d(Builder builder) {
		this.filters = builder.filters;
		this.kernel = builder.kernel;
		this.stride = builder.stride;
		this.padding = builder.padding;
		this.outputPadding = builder.outputPadding;
		this.weight = addParameter(Parameter.builder()
			.setName("weight")
			.setType(Parameter.Type.WEIGHT)
			.optInitializer(new XavierInitializer())
			.build());
		this.bias = builder.bias
				? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build()) : null;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The transposed convolution of a batch.
	 * @param x [N, in, H, W]
	 * @param weight [in, out, k, k]
	 * @param bias [out], or {@code null}
	 * @param stride s ≥ 1
	 * @param padding p ≥ 0
	 * @param outputPadding op, 0 ≤ op < s
	 * @return [N, out, (H − 1)·s − 2p + k + op, (W − 1)·s − 2p + k + op]
	 */
	public static NDArray transposedConv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding,
			int outputPadding) {
		check(stride, padding, outputPadding);
		Shape shape = x.getShape();
		long n = shape.get(0);
		long c = shape.get(1);
		long h = shape.get(2);
		long w = shape.get(3);
		long k = weight.getShape().get(2);
		if (weight.getShape().dimension() != 4 || weight.getShape().get(0) != c || weight.getShape().get(3) != k) {
			throw new IllegalArgumentException("weight " + weight.getShape() + " does not fit input " + shape
					+ "; expected [" + c + ", out, k, k]");
		}
		if (stride > 1 && k - 2L * padding + outputPadding == stride) {
			return subPixel(x, weight, bias, stride, padding);
		}
		long before = k - 1 - padding;
		long after = k - 1 - padding + outputPadding;
		NDArray spread = x;
		if (stride > 1) {
			// [N, C, H, W] -> [N, C, H, 1, W, 1] -> zeros after each pixel -> [N, C, H,
			// s, W, s]
			spread = x.reshape(n, c, h, 1, w, 1).pad(new Shape(0, stride - 1, 0, 0, 0, stride - 1), 0);
			// -> [N, C, H·s, W·s]; the last s − 1 rows and columns are zeros beyond the
			// input
			spread = spread.reshape(n, c, h * stride, w * stride);
			after -= stride - 1;
		}
		// [N, C, (H−1)·s + 1 + before + after, ...], negative widths crop
		NDArray padded = spread.pad(new Shape(before, after, before, after), 0);
		// [in, out, k, k] -> [out, in, k, k], flipped in both spatial axes
		NDArray kernel = weight.flip(2, 3).transpose(1, 0, 2, 3);
		return Convolutions.conv2d(padded, kernel, bias, 1, 0);
	}

	/**
	 * The sub-pixel form, for the common case where the output is exactly s times the
	 * input (k − 2p + op = s, as DCGAN's k 4, s 2, p 1): output row s·m + r (phase r)
	 * receives x[m + u]·w[a] for the taps a ≡ r + p (mod s), u = (r + p − a) / s. Each of
	 * the s² phases is then an ordinary convolution of the (zero-padded) input with the
	 * sub-kernel of its taps, and the phases are interleaved (depth to space). It does
	 * the definition's multiply-adds and no more, where the zero-insertion form spends s²
	 * times as many on inserted zeros (4× for DCGAN's layers).
	 */
	private static NDArray subPixel(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
		Shape shape = x.getShape();
		long n = shape.get(0);
		long h = shape.get(2);
		long w = shape.get(3);
		int k = (int) weight.getShape().get(2);
		long out = weight.getShape().get(1);
		// per phase: its taps, ordered by increasing u, and the smallest u
		int[][] taps = new int[stride][];
		int[] lowest = new int[stride];
		int lo = 0;
		int hi = 0;
		for (int r = 0; r < stride; r++) {
			int first = (r + padding) % stride;
			int count = (k - 1 - first) / stride + 1;
			taps[r] = new int[count];
			for (int t = 0; t < count; t++) {
				// u increases as a decreases
				taps[r][t] = first + (count - 1 - t) * stride;
			}
			lowest[r] = (r + padding - taps[r][0]) / stride;
			int highest = (r + padding - first) / stride;
			lo = Math.min(lo, lowest[r]);
			hi = Math.max(hi, highest);
		}
		// [N, C, H − lo + hi, W − lo + hi]
		NDArray padded = x.pad(new Shape(-lo, hi, -lo, hi), 0);
		NDList rows = new NDList(stride);
		for (int ry = 0; ry < stride; ry++) {
			NDArray alongY = taps(weight, taps[ry], 2); // [in, out, ky, k]
			NDList columns = new NDList(stride);
			for (int rx = 0; rx < stride; rx++) {
				// [in, out, ky, kx] -> [out, in, ky, kx]
				NDArray kernel = taps(alongY, taps[rx], 3).transpose(1, 0, 2, 3);
				NDArray phase = Convolutions.conv2d(padded, kernel, null, 1, 0);
				long top = lowest[ry] - lo;
				long left = lowest[rx] - lo;
				columns.add(phase.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + h, left, left + w))); // [N,
																											// out,
																											// H,
																											// W]
			}
			rows.add(NDArrays.stack(columns, 4)); // [N, out, H, W, s]
		}
		// [N, out, H, s, W, s] -> [N, out, s·H, s·W]
		NDArray y = NDArrays.stack(rows, 3).reshape(n, out, h * stride, w * stride);
		return bias != null ? y.add(bias.reshape(1, out, 1, 1)) : y;
	}

	/** The given kernel taps along one spatial axis, in order. */
	private static NDArray taps(NDArray weight, int[] taps, int axis) {
		NDList picked = new NDList(taps.length);
		for (int a : taps) {
			picked.add(axis == 2 ? weight.get(new NDIndex(":, :, {}:{}", a, a + 1))
					: weight.get(new NDIndex(":, :, :, {}:{}", a, a + 1)));
		}
		return picked.size() == 1 ? picked.singletonOrThrow() : NDArrays.concat(picked, axis);
	}

	private static void check(int stride, int padding, int outputPadding) {
		if (stride < 1 || padding < 0 || outputPadding < 0 || outputPadding >= stride) {
			throw new IllegalArgumentException("need stride ≥ 1, padding ≥ 0 and 0 ≤ outputPadding < stride; got "
					+ stride + ", " + padding + ", " + outputPadding);
		}
	}

	/** The output size along one spatial axis for an input of size {@code in}. */
	public static long outputSize(long in, int kernel, int stride, int padding, int outputPadding) {
		return (in - 1) * stride - 2L * padding + kernel + outputPadding;
	}

	@Override
	protected void prepare(Shape[] inputShapes) {
		long in = inputShapes[0].get(1);
		this.weight.setShape(new Shape(in, this.filters, this.kernel, this.kernel));
		if (this.bias != null) {
			this.bias.setShape(new Shape(this.filters));
		}
	}

	@Override
	protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
			PairList<String, Object> params) {
		NDArray x = inputs.singletonOrThrow();
		NDArray w = store.getValue(this.weight, x.getDevice(), training);
		NDArray b = (this.bias != null) ? store.getValue(this.bias, x.getDevice(), training) : null;
		return new NDList(transposedConv2d(x, w, b, this.stride, this.padding, this.outputPadding));
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		Shape in = inputShapes[0];
		return new Shape[] { new Shape(in.get(0), this.filters,
				outputSize(in.get(2), this.kernel, this.stride, this.padding, this.outputPadding),
				outputSize(in.get(3), this.kernel, this.stride, this.padding, this.outputPadding)) };
	}

	@Override
	public String toString() {
		return "TransposedConv2d(out=" + this.filters + ", k=" + this.kernel + ", s=" + this.stride + ", p="
				+ this.padding + ", op=" + this.outputPadding + ")";
	}

	/** Builds a {@link TransposedConv2d}: filters and kernel are required. */
	public static final class Builder {

		private int filters;

		private int kernel;

		private int stride = 1;

		private int padding;

		private int outputPadding;

		private boolean bias = true;

		private Builder() {
		}

		public Builder setFilters(int filters) {
			this.filters = filters;
			return this;
		}

		public Builder setKernel(int kernel) {
			this.kernel = kernel;
			return this;
		}

		public Builder optStride(int stride) {
			this.stride = stride;
			return this;
		}

		public Builder optPadding(int padding) {
			this.padding = padding;
			return this;
		}

		public Builder optOutputPadding(int outputPadding) {
			this.outputPadding = outputPadding;
			return this;
		}

		public Builder optBias(boolean bias) {
			this.bias = bias;
			return this;
		}

		public TransposedConv2d build() {
			if (this.filters < 1 || this.kernel < 1) {
				throw new IllegalArgumentException("filters and kernel must be ≥ 1");
			}
			check(this.stride, this.padding, this.outputPadding);
			return new TransposedConv2d(this);
		}

	}

}
