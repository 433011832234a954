package dev.latentforge.models.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.engine.nn.Convolutions;

/**
 * The stages the players are built of, as functions over a {@link Net}'s arrays; the
 * parameters are created on first use with the shapes the input implies.
 */
final class Layers {

	static final float EPSILON = 1e-5f;

	static final float MOMENTUM = 0.1f;

	private Layers() {
	}

	/** [B, in] → [B, out]: x·Wᵀ + b, W [out, in]. */
	static NDArray linear(Net net, String name, NDArray x, int out, Net.Init init) {
		long in = x.getShape().get(1);
		NDArray w = net.parameter(name + ".weight", new Shape(out, in), init);
		NDArray b = net.parameter(name + ".bias", new Shape(out), Net.Init.ZERO);
		return Linear.linear(x, w, b).singletonOrThrow();
	}

	/** [B, in, H, W] → [B, out, H', W']: a convolution, W [out, in, k, k]. */
	static NDArray conv(Net net, String name, NDArray x, int out, int kernel, int stride, int padding, Net.Init init) {
		long in = x.getShape().get(1);
		NDArray w = net.parameter(name + ".weight", new Shape(out, in, kernel, kernel), init);
		NDArray b = net.parameter(name + ".bias", new Shape(out), Net.Init.ZERO);
		return Convolutions.conv2d(x, w, b, stride, padding);
	}

	/**
	 * [B, in, H, W] → [B, out, 2H, 2W]: a transposed convolution with kernel 4, stride 2,
	 * padding 1 (PyTorch's ConvTranspose2d semantics, W [in, out, 4, 4]).
	 */
	static NDArray upsample(Net net, String name, NDArray x, int out) {
		long in = x.getShape().get(1);
		NDArray w = net.parameter(name + ".weight", new Shape(in, out, 4, 4), Net.Init.NORMAL_002);
		NDArray b = net.parameter(name + ".bias", new Shape(out), Net.Init.ZERO);
		return TransposedConvolution.apply(x, w, b, 2, 1);
	}

	/**
	 * Normalises a hidden stage's output [B, F] or [B, F, H, W] per feature (channel),
	 * then scales and shifts it (γ, β of shape [F]).
	 */
	static NDArray norm(Net net, String name, NDArray x, GanSpec.Norm kind, Pass pass, boolean dcgan) {
		if (kind == GanSpec.Norm.NONE) {
			return x;
		}
		int features = (int) x.getShape().get(1);
		NDArray gamma = net.parameter(name + ".gamma", new Shape(features),
				dcgan ? Net.Init.ONE_NORMAL_002 : Net.Init.ONE);
		NDArray beta = net.parameter(name + ".beta", new Shape(features), Net.Init.ZERO);
		if (kind == GanSpec.Norm.BATCH && pass.training) {
			// libtorch's op scales and shifts in the same fused call
			return trainingBatchNorm(net, name, x, gamma, beta);
		}
		NDArray normalised = switch (kind) {
			case BATCH -> inferenceBatchNorm(net, name, x);
			case VIRTUAL_BATCH -> virtualBatchNorm(name, x, pass);
			case INSTANCE -> pass.training ? trainingInstanceNorm(x) : instanceNorm(x);
			case NONE -> x;
		};
		return normalised.mul(broadcast(gamma, x)).add(broadcast(beta, x));
	}

	/** [F] → [1, F] or [1, F, 1, 1], to broadcast against x. */
	static NDArray broadcast(NDArray v, NDArray x) {
		return x.getShape().dimension() == 4 ? v.reshape(1, -1, 1, 1) : v.reshape(1, -1);
	}

	/** The axes statistics are taken over: the batch, and the pixels of conv stages. */
	static int[] batchAxes(NDArray x) {
		return x.getShape().dimension() == 4 ? new int[] { 0, 2, 3 } : new int[] { 0 };
	}

	/** Values per feature in one example (H·W, or 1). */
	static long perExample(NDArray x) {
		return x.getShape().dimension() == 4 ? x.getShape().get(2) * x.getShape().get(3) : 1;
	}

	/**
	 * Batch norm at inference: each feature normalised with the running statistics (the
	 * caller scales and shifts).
	 */
	static NDArray inferenceBatchNorm(Net net, String name, NDArray x) {
		int features = (int) x.getShape().get(1);
		NDArray runningMean = net.buffer(name + ".running_mean", new Shape(features), 0f);
		NDArray runningVar = net.buffer(name + ".running_var", new Shape(features), 1f);
		return x.sub(broadcast(runningMean, x)).div(broadcast(runningVar.add(EPSILON).sqrt(), x));
	}

	/**
	 * Batch norm in training, scaled by γ and shifted by β: the batch's mean and biased
	 * variance per feature, the running statistics updated as PyTorch does (momentum 0.1,
	 * unbiased variance). It is libtorch's own batch norm ({@code torch.batch_norm}, one
	 * fused forward and one fused backward), not a composition of DJL's element-wise ops
	 * and reductions: that composition (sum, subtract, square, divide, square root, each
	 * with its own backward) gave a different input gradient in about 1 of 12,000 calls
	 * on identical inputs, always the same wrong values and now and then NaN, which made
	 * two runs of one seed drift apart and, rarely, skipped a GAN update; libtorch's
	 * batch norm gave none in 60,000 calls ({@code FusedNormsTests} checks it against the
	 * definition).
	 */
	static NDArray trainingBatchNorm(Net net, String name, NDArray x, NDArray gamma, NDArray beta) {
		int features = (int) x.getShape().get(1);
		NDArray runningMean = net.buffer(name + ".running_mean", new Shape(features), 0f);
		NDArray runningVar = net.buffer(name + ".running_var", new Shape(features), 1f);
		return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) gamma,
				(PtNDArray) beta, true, MOMENTUM, EPSILON);
	}

	/**
	 * Virtual batch norm (Salimans et al. 2016). In the reference pass the reference
	 * batch is normalised with its own statistics, which are recorded as per-feature sums
	 * S, Q (of x and x²) over n values; every other example x_i (n_i values per feature)
	 * is then normalised with μ_i = (S + s_i) / (n + n_i) and σ²_i = (Q + q_i) / (n +
	 * n_i) − μ_i², the statistics of the reference batch plus itself. Gradients flow
	 * through the reference statistics as in the paper.
	 */
	static NDArray virtualBatchNorm(String name, NDArray x, Pass pass) {
		int[] axes = batchAxes(x);
		if (pass.reference) {
			long count = x.getShape().get(0) * perExample(x);
			NDArray sum = x.sum(axes, true);
			NDArray squares = x.square().sum(axes, true);
			pass.referenceStats.put(name, new NDArray[] { sum, squares, x.getManager().create((float) count) });
			NDArray mean = sum.div(count);
			NDArray variance = squares.div(count).sub(mean.square());
			return x.sub(mean).div(variance.add(EPSILON).sqrt());
		}
		NDArray[] reference = pass.referenceStats.get(name);
		if (reference == null) {
			throw new IllegalStateException("virtual batch norm stage " + name + " has no reference statistics");
		}
		long own = perExample(x);
		int[] exampleAxes = x.getShape().dimension() == 4 ? new int[] { 2, 3 } : new int[] {};
		NDArray s = exampleAxes.length == 0 ? x : x.sum(exampleAxes, true);
		NDArray q = exampleAxes.length == 0 ? x.square() : x.square().sum(exampleAxes, true);
		NDArray n = reference[2].add(own);
		NDArray mean = reference[0].add(s).div(n);
		NDArray variance = reference[1].add(q).div(n).sub(mean.square());
		return x.sub(mean).div(variance.add(EPSILON).sqrt());
	}

	/**
	 * Instance norm in training, as libtorch computes it: batch norm over [1, B·C, H, W],
	 * each example's channel a feature of its own, with throwaway running statistics. The
	 * composition of DJL's ops in {@link #instanceNorm} gave a GAN's gradients that
	 * differed between repeats on one fixed batch (2 of 1,000), as batch norm's did (see
	 * {@link #trainingBatchNorm}). A single pixel per channel has no variance to take and
	 * stays with the composition.
	 */
	static NDArray trainingInstanceNorm(NDArray x) {
		Shape shape = x.getShape();
		long groups = shape.get(0) * shape.get(1);
		if (shape.get(2) * shape.get(3) < 2) {
			return instanceNorm(x);
		}
		NDManager manager = x.getManager();
		Shape perGroup = new Shape(groups);
		// running statistics (momentum 0: left as they are) and an identity scale and
		// shift
		NDArray runningMean = manager.zeros(perGroup);
		NDArray runningVar = manager.ones(perGroup);
		NDArray scale = manager.ones(perGroup);
		NDArray shift = manager.zeros(perGroup);
		NDArray flat = x.reshape(1, groups, shape.get(2), shape.get(3)); // [1, B·C, H, W]
		return JniUtils
			.batchNorm((PtNDArray) flat, (PtNDArray) runningMean, (PtNDArray) runningVar, (PtNDArray) scale,
					(PtNDArray) shift, true, 0, EPSILON)
			.reshape(shape); // [B, C, H, W]
	}

	/**
	 * Instance norm: each example and channel over its own pixels (conv stages only), as
	 * inference computes it.
	 */
	static NDArray instanceNorm(NDArray x) {
		int[] axes = { 2, 3 };
		long count = perExample(x);
		NDArray mean = x.sum(axes, true).div(count);
		NDArray centred = x.sub(mean);
		NDArray variance = centred.square().sum(axes, true).div(count);
		return centred.div(variance.add(EPSILON).sqrt());
	}

}
