package dev.latentforge.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.tensors.DType;
import dev.latentforge.tensors.Tensor;

/**
 * Our own optimizer: Adam, AdamW and SGD with momentum, with the update rules of
 * PyTorch's {@code torch.optim} (Kingma &amp; Ba 2015; Loshchilov &amp; Hutter 2019 for
 * AdamW's decoupled weight decay). DJL cannot save its optimizers' state, so a resumed
 * job would drift; this one keeps its moments by parameter name and saves them, and
 * resumes bit for bit.
 *
 * <p>
 * {@link #step} applies one update from the parameters' gradients and then zeroes them
 * (DJL zeroes a gradient only when its own trainer steps). It runs with grad mode off:
 * PyTorch refuses in-place updates of leaves that record gradients.
 */
public final class Updater {

	private final OptimizerSpec spec;

	private final long totalSteps;

	private final Map<String, Parameter> parameters;

	private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();

	private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();

	private long updates;

	public Updater(OptimizerSpec spec, long totalSteps, Map<String, Parameter> parameters, NDManager manager) {
		this.spec = spec.resolved();
		this.totalSteps = totalSteps;
		this.parameters = parameters;
		for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
			NDArray weight = entry.getValue().getArray();
			if (this.spec.type() == OptimizerSpec.Type.SGD) {
				if (this.spec.momentum() > 0) {
					this.firstMoments.put(entry.getKey(), manager.zeros(weight.getShape()));
				}
			}
			else {
				this.firstMoments.put(entry.getKey(), manager.zeros(weight.getShape()));
				this.secondMoments.put(entry.getKey(), manager.zeros(weight.getShape()));
			}
		}
	}

	/** The learning rate of the update made at a 1-based step. */
	public double learningRate(long step) {
		return this.spec.schedule().rate(this.spec.learningRate(), step, this.totalSteps);
	}

	/**
	 * Applies one update with the current gradients, then zeroes them.
	 * @param step the 1-based job step (selects the learning rate)
	 */
	public void step(long step) {
		GradMode.off(() -> {
			this.updates++;
			float lr = (float) learningRate(step);
			for (Map.Entry<String, Parameter> entry : this.parameters.entrySet()) {
				NDArray weight = entry.getValue().getArray();
				try (NDArray grad = weight.getGradient()) {
					update(entry.getKey(), weight, grad, lr);
				}
				JniUtils.zeroGrad((PtNDArray) weight);
			}
		});
	}

	/**
	 * Applies one update with gradients computed by hand (models trained without
	 * autograd, such as RBMs by contrastive divergence), one per parameter name. The
	 * parameters' own gradients are neither read nor zeroed.
	 * @param step the 1-based job step (selects the learning rate)
	 * @param gradients the gradient of the loss to minimise, by parameter name
	 */
	public void step(long step, Map<String, NDArray> gradients) {
		GradMode.off(() -> {
			this.updates++;
			float lr = (float) learningRate(step);
			for (Map.Entry<String, Parameter> entry : this.parameters.entrySet()) {
				NDArray grad = gradients.get(entry.getKey());
				if (grad == null) {
					throw new IllegalArgumentException("no gradient for '" + entry.getKey() + "'");
				}
				update(entry.getKey(), entry.getValue().getArray(), grad, lr);
			}
		});
	}

	private void update(String name, NDArray weight, NDArray grad, float lr) {
		float decay = this.spec.weightDecay().floatValue();
		OptimizerSpec.Type type = this.spec.type();
		if (type == OptimizerSpec.Type.SGD) {
			NDArray g = decay > 0 ? grad.add(weight.mul(decay)) : grad;
			NDArray direction = g;
			NDArray buffer = this.firstMoments.get(name);
			if (buffer != null) {
				if (this.updates == 1) {
					buffer.subi(buffer).addi(g);
				}
				else {
					buffer.muli(this.spec.momentum().floatValue()).addi(g);
				}
				direction = buffer;
			}
			weight.subi(direction.mul(lr));
			return;
		}
		float beta1 = this.spec.betas().get(0).floatValue();
		float beta2 = this.spec.betas().get(1).floatValue();
		double correction1 = 1 - Math.pow(beta1, this.updates);
		double root2 = Math.sqrt(1 - Math.pow(beta2, this.updates));
		// libtorch's fused kernel (one native call per parameter instead of a dozen ops
		// and their temporaries) on our own moments, which we keep and save. It computes
		// m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − α·m / (√v + ε′) with
		// the L2 term λθ added to g (Adam) or θ ← θ − lr·λ·θ first (AdamW). With
		// α = lr·√(1 − β2ᵗ) / (1 − β1ᵗ) and ε′ = ε·√(1 − β2ᵗ) that is exactly
		// PyTorch's θ − lr·m̂ / (√v̂ + ε) (UpdaterTests checks it against a hand
		// computation).
		JniUtils.adamUpdate((PtNDArray) weight, (PtNDArray) grad, (PtNDArray) this.firstMoments.get(name),
				(PtNDArray) this.secondMoments.get(name), lr, (float) (lr * root2 / correction1), decay, 1f, -1f, beta1,
				beta2, (float) (this.spec.epsilon() * root2), type == OptimizerSpec.Type.ADAMW);
	}

	/**
	 * The state to save, under {@code prefix}: the update count, and per parameter its
	 * first ({@code .m}) and second ({@code .v}) moments or momentum buffer ({@code .m}).
	 * @param prefix a prefix for every key, so several optimizers can share a file
	 * @return the tensors by name
	 */
	public Map<String, Tensor> state(String prefix) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(this.updates);
		out.put(prefix + "updates", new Tensor(DType.INT64, new int[] { 1 }, count.array()));
		this.firstMoments.forEach((name, array) -> out.put(prefix + name + ".m", NdTensors.toTensor(array)));
		this.secondMoments.forEach((name, array) -> out.put(prefix + name + ".v", NdTensors.toTensor(array)));
		return out;
	}

	/** Restores state saved by {@link #state}. */
	public void load(Map<String, Tensor> state, String prefix) {
		this.updates = require(state, prefix + "updates").buffer().getLong(0);
		GradMode.off(() -> {
			restore(state, prefix, ".m", this.firstMoments);
			restore(state, prefix, ".v", this.secondMoments);
		});
	}

	private static void restore(Map<String, Tensor> state, String prefix, String suffix, Map<String, NDArray> into) {
		for (Map.Entry<String, NDArray> entry : into.entrySet()) {
			Tensor saved = require(state, prefix + entry.getKey() + suffix);
			if (!java.util.Arrays.equals(saved.shape(), NdTensors.shapeOf(entry.getValue().getShape()))) {
				throw new IllegalStateException("optimizer state " + entry.getKey() + suffix + " has shape "
						+ java.util.Arrays.toString(saved.shape()) + ", the model needs "
						+ entry.getValue().getShape());
			}
			entry.getValue().set(java.nio.FloatBuffer.wrap(saved.toFloatArray()));
		}
	}

	private static Tensor require(Map<String, Tensor> state, String key) {
		Tensor tensor = state.get(key);
		if (tensor == null) {
			throw new IllegalStateException("optimizer state lacks '" + key + "'");
		}
		return tensor;
	}

}
