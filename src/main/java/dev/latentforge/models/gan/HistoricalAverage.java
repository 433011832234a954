package dev.latentforge.models.gan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.tensors.DType;
import dev.latentforge.tensors.Tensor;

/**
 * Historical averaging (Salimans et al. 2016): a player's loss gains λ·Σ‖θ − θ̄‖², where
 * θ̄ is the mean of the player's past parameter values, kept online (θ̄ ← θ̄ + (θ − θ̄)/t
 * after each update). It pulls a player back towards where it has been, which damps the
 * orbits that simultaneous gradient descent on a game can fall into (the lecture's
 * example: xy with x and y chasing each other).
 */
final class HistoricalAverage {

	private final double lambda;

	private final Map<String, Parameter> parameters;

	private final Map<String, NDArray> means = new LinkedHashMap<>();

	private long count;

	HistoricalAverage(double lambda, Map<String, Parameter> parameters) {
		this.lambda = lambda;
		this.parameters = parameters;
		GradMode.off(() -> parameters.forEach((name, p) -> {
			NDArray copy = p.getArray().duplicate();
			copy.attach(p.getArray().getManager());
			this.means.put(name, copy);
		}));
		this.count = 1;
	}

	/** λ·Σ‖θ − θ̄‖² over the player's parameters (θ̄ is a constant). */
	NDArray penalty() {
		NDArray total = null;
		for (Map.Entry<String, Parameter> entry : this.parameters.entrySet()) {
			NDArray term = entry.getValue().getArray().sub(this.means.get(entry.getKey())).square().sum();
			total = total == null ? term : total.add(term);
		}
		return total.mul((float) this.lambda);
	}

	/** Folds the parameters' current values into the running mean. */
	void update() {
		this.count++;
		float rate = 1f / this.count;
		GradMode.off(() -> this.parameters.forEach((name, p) -> {
			NDArray mean = this.means.get(name);
			mean.addi(p.getArray().sub(mean).mul(rate));
		}));
	}

	NDArray mean(String name) {
		return this.means.get(name);
	}

	Map<String, Tensor> state(String prefix) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		ByteBuffer n = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(this.count);
		out.put(prefix + "count", new Tensor(DType.INT64, new int[] { 1 }, n.array()));
		this.means.forEach((name, array) -> out.put(prefix + name, NdTensors.toTensor(array)));
		return out;
	}

	void load(Map<String, Tensor> state, String prefix) {
		this.count = state.get(prefix + "count").buffer().getLong(0);
		GradMode.off(() -> this.means
			.forEach((name, array) -> array.set(java.nio.FloatBuffer.wrap(state.get(prefix + name).toFloatArray()))));
	}

}
