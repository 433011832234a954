package dev.latentforge.models.gan;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.Rng;
import dev.latentforge.tensors.Tensor;

/**
 * The arrays of one player: trainable parameters by stable name ({@code d.conv0.weight})
 * and buffers (batch norm's running statistics, a virtual batch's reference), which are
 * saved with the parameters but never updated by an optimizer. The players are written as
 * plain functions over these arrays so that the D step and the G step can reach any stage
 * (feature matching, virtual batch norm's reference pass, separate real and fake
 * batches).
 */
final class Net {

	private final NDManager manager;

	private final Map<String, Parameter> parameters = new LinkedHashMap<>();

	private final Map<String, NDArray> buffers = new LinkedHashMap<>();

	/** How each weight is initialised, by name. */
	private final Map<String, Init> inits = new LinkedHashMap<>();

	/** Initialisations. */
	enum Init {

		/** Glorot uniform with gain √2 (He's variance for ReLU-like stages). */
		GLOROT_RELU,
		/** Glorot uniform with gain 1. */
		GLOROT,
		/** N(0, 0.02), as Radford et al. initialise every DCGAN weight. */
		NORMAL_002,
		/** N(1, 0.02): DCGAN's batch norm scales. */
		ONE_NORMAL_002,
		/** Zeros (biases, shifts). */
		ZERO,
		/** Ones (norm scales of MLPs). */
		ONE

	}

	Net(NDManager manager) {
		this.manager = manager;
	}

	NDArray parameter(String name, Shape shape, Init init) {
		Parameter existing = this.parameters.get(name);
		if (existing != null) {
			return existing.getArray();
		}
		NDArray array = this.manager.zeros(shape);
		array.setRequiresGradient(true);
		Parameter parameter = Parameter.builder()
			.setName(name)
			.setType(Parameter.Type.OTHER)
			.optArray(array)
			.optRequiresGrad(true)
			.build();
		this.parameters.put(name, parameter);
		this.inits.put(name, init);
		return array;
	}

	NDArray buffer(String name, Shape shape, float value) {
		return this.buffers.computeIfAbsent(name, (n) -> this.manager.full(shape, value));
	}

	NDArray buffer(String name) {
		return this.buffers.get(name);
	}

	void setBuffer(String name, NDArray value) {
		NDArray target = this.buffers.get(name);
		if (target == null) {
			NDArray copy = value.duplicate();
			copy.attach(this.manager);
			this.buffers.put(name, copy);
		}
		else {
			GradMode.off(() -> target.set(FloatBuffer.wrap(value.toFloatArray())));
		}
	}

	Map<String, Parameter> parameters() {
		return this.parameters;
	}

	Map<String, NDArray> buffers() {
		return this.buffers;
	}

	NDManager manager() {
		return this.manager;
	}

	/** Initialises every parameter from the job's streams. */
	void initialise(Rng rng) {
		for (Map.Entry<String, Parameter> entry : this.parameters.entrySet()) {
			String name = entry.getKey();
			Parameter parameter = entry.getValue();
			switch (this.inits.get(name)) {
				case GLOROT_RELU -> Initialisation.glorotUniform(parameter, rng, name, Math.sqrt(2.0));
				case GLOROT -> Initialisation.glorotUniform(parameter, rng, name, 1.0);
				case NORMAL_002 -> Initialisation.normal(parameter, rng, name, 0.02f);
				case ONE_NORMAL_002 -> {
					float[] values = rng.gaussian(0, "init/" + name, Math.toIntExact(parameter.getArray().size()),
							0.02f);
					for (int i = 0; i < values.length; i++) {
						values[i] += 1f;
					}
					GradMode.off(() -> parameter.getArray().set(FloatBuffer.wrap(values)));
				}
				case ZERO -> Initialisation.constant(parameter, 0f);
				case ONE -> Initialisation.constant(parameter, 1f);
			}
		}
	}

	/** Parameters and buffers by name, for checkpoints. */
	Map<String, NDArray> arrays() {
		Map<String, NDArray> out = new LinkedHashMap<>();
		this.parameters.forEach((name, parameter) -> out.put(name, parameter.getArray()));
		out.putAll(this.buffers);
		return out;
	}

	/** Restores parameters and buffers saved by {@link #arrays()}. */
	void load(Map<String, Tensor> saved) {
		Initialisation.load(this.parameters, saved);
		for (Map.Entry<String, NDArray> entry : this.buffers.entrySet()) {
			Tensor tensor = saved.get(entry.getKey());
			if (tensor == null) {
				throw new IllegalStateException("saved parameters lack '" + entry.getKey() + "'");
			}
			NDArray target = entry.getValue();
			GradMode.off(() -> target.set(FloatBuffer.wrap(tensor.toFloatArray())));
		}
	}

	/** Copies every array of another net of the same structure into this one. */
	void copyFrom(Net other) {
		GradMode.off(() -> {
			other.arrays().forEach((name, array) -> {
				NDArray target = this.parameters.containsKey(name) ? this.parameters.get(name).getArray()
						: this.buffers.get(name);
				target.set(FloatBuffer.wrap(array.toFloatArray()));
			});
		});
	}

	/** The L2 norm of the parameters' current gradients. */
	double gradientNorm() {
		double sum = 0;
		for (Parameter parameter : this.parameters.values()) {
			try (NDArray grad = parameter.getArray().getGradient()) {
				sum += grad.square().sum().getFloat();
			}
		}
		return Math.sqrt(sum);
	}

	/** Zeroes the parameters' gradients. */
	void zeroGradients() {
		GradMode.off(() -> {
			for (Parameter parameter : this.parameters.values()) {
				ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) parameter.getArray());
			}
		});
	}

	/** Clips every weight into [−c, c] in place (Arjovsky et al.'s critic constraint). */
	void clipWeights(float c) {
		GradMode.off(() -> {
			for (Parameter parameter : this.parameters.values()) {
				NDArray array = parameter.getArray();
				array.set(FloatBuffer.wrap(array.clip(-c, c).toFloatArray()));
			}
		});
	}

}
