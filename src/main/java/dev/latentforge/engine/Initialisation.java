package dev.latentforge.engine;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.latentforge.tensors.Tensor;

/**
 * Sets parameters from our counter-based random streams (one stream per parameter name)
 * instead of DJL's engine RNG, so initial weights are the same on every machine and in
 * every JVM.
 */
public final class Initialisation {

	private Initialisation() {
	}

	/**
	 * Glorot/Xavier uniform (Glorot &amp; Bengio 2010): U(−a, a) with a = gain·√(6 /
	 * (fanIn + fanOut)); gain √2 gives He/Kaiming's variance for ReLU layers (He et al.
	 * 2015).
	 * @param parameter a weight of shape [out, in, ...]
	 * @param rng the job's streams
	 * @param name the parameter's stable name (its stream)
	 * @param gain the gain
	 */
	public static void glorotUniform(Parameter parameter, Rng rng, String name, double gain) {
		NDArray array = parameter.getArray();
		long[] shape = array.getShape().getShape();
		long receptive = 1;
		for (int i = 2; i < shape.length; i++) {
			receptive *= shape[i];
		}
		long fanOut = shape[0] * receptive;
		long fanIn = (shape.length > 1 ? shape[1] : 1) * receptive;
		float bound = (float) (gain * Math.sqrt(6.0 / (fanIn + fanOut)));
		set(array, rng.uniform(0, "init/" + name, Math.toIntExact(array.size()), -bound, bound));
	}

	public static void normal(Parameter parameter, Rng rng, String name, float std) {
		NDArray array = parameter.getArray();
		set(array, rng.gaussian(0, "init/" + name, Math.toIntExact(array.size()), std));
	}

	public static void constant(Parameter parameter, float value) {
		NDArray array = parameter.getArray();
		float[] values = new float[Math.toIntExact(array.size())];
		java.util.Arrays.fill(values, value);
		set(array, values);
	}

	/**
	 * Copies saved tensors into parameters; every parameter must be present with its
	 * shape.
	 */
	public static void load(Map<String, Parameter> parameters, Map<String, Tensor> saved) {
		for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
			Tensor tensor = saved.get(entry.getKey());
			NDArray array = entry.getValue().getArray();
			if (tensor == null) {
				throw new IllegalStateException("saved parameters lack '" + entry.getKey() + "'");
			}
			if (!java.util.Arrays.equals(tensor.shape(), NdTensors.shapeOf(array.getShape()))) {
				throw new IllegalStateException("saved parameter '" + entry.getKey() + "' has shape "
						+ java.util.Arrays.toString(tensor.shape()) + ", the model needs " + array.getShape());
			}
			set(array, tensor.toFloatArray());
		}
	}

	static void set(NDArray array, float[] values) {
		GradMode.off(() -> array.set(FloatBuffer.wrap(values)));
	}

}
