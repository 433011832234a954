package dev.latentforge.models.rbm;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import dev.latentforge.engine.Rng;

/**
 * One restricted Boltzmann machine: weights {@code W} [V, H], visible biases {@code b}
 * [V] and hidden biases {@code c} [H], with the lecture's energy
 * {@code E(v, h) = −bᵀv − cᵀh − vᵀWh} for binary (Bernoulli) visible units, and for
 * Gaussian visible units of unit variance (on standardised data)
 * {@code E(v, h) = ½‖v − b‖² − cᵀh − vᵀWh}. Hidden units are always binary. The
 * conditionals are {@code p(h_j = 1 | v) = σ(c_j + Σ_i v_i W_ij)} and
 * {@code p(v_i = 1 | h) = σ(b_i + Σ_j W_ij h_j)} (Bernoulli) or
 * {@code v_i | h ~ N(b_i + Σ_j W_ij h_j, 1)} (Gaussian). All randomness comes from
 * {@link Noise}, a view of the job's counter-based {@link Rng}.
 */
final class Rbm {

	/** The kind of visible units. */
	enum Visible {

		BERNOULLI, GAUSSIAN

	}

	private final String prefix;

	private final Visible visible;

	private final Parameter weight;

	private final Parameter visibleBias;

	private final Parameter hiddenBias;

	Rbm(String prefix, Visible visible, int visibleUnits, int hiddenUnits, NDManager manager) {
		this.prefix = prefix;
		this.visible = visible;
		this.weight = parameter(prefix + "weight", manager.zeros(new Shape(visibleUnits, hiddenUnits)));
		this.visibleBias = parameter(prefix + "visible_bias", manager.zeros(new Shape(visibleUnits)));
		this.hiddenBias = parameter(prefix + "hidden_bias", manager.zeros(new Shape(hiddenUnits)));
	}

	private static Parameter parameter(String name, NDArray array) {
		return Parameter.builder()
			.setName(name)
			.setType(Parameter.Type.WEIGHT)
			.optArray(array)
			.optRequiresGrad(false)
			.build();
	}

	/** The parameters by stable name: {@code <prefix>weight}, {@code visible_bias}... */
	Map<String, Parameter> parameters() {
		Map<String, Parameter> out = new LinkedHashMap<>();
		out.put(this.weight.getName(), this.weight);
		out.put(this.visibleBias.getName(), this.visibleBias);
		out.put(this.hiddenBias.getName(), this.hiddenBias);
		return out;
	}

	String prefix() {
		return this.prefix;
	}

	Visible visible() {
		return this.visible;
	}

	NDArray w() {
		return this.weight.getArray();
	}

	NDArray b() {
		return this.visibleBias.getArray();
	}

	NDArray c() {
		return this.hiddenBias.getArray();
	}

	int visibleUnits() {
		return Math.toIntExact(w().getShape().get(0));
	}

	int hiddenUnits() {
		return Math.toIntExact(w().getShape().get(1));
	}

	/** [B, V] → hidden pre-activations c + vW, [B, H]. */
	NDArray hiddenInput(NDArray v) {
		return v.matMul(w()).addi(c());
	}

	/** [B, V] → p(h = 1 | v), [B, H]. */
	NDArray hiddenProbabilities(NDArray v) {
		return Activation.sigmoid(hiddenInput(v));
	}

	/** [B, H] → the mean of v given h: σ(b + hWᵀ) or b + hWᵀ, [B, V]. */
	NDArray visibleMeans(NDArray h) {
		NDArray input = h.matMul(w().transpose()).addi(b());
		return this.visible == Visible.BERNOULLI ? Activation.sigmoid(input) : input;
	}

	/** Draws v given its means: Bernoulli, or Gaussian with unit variance. */
	NDArray sampleVisible(NDArray means, Noise noise, String stream) {
		return this.visible == Visible.BERNOULLI ? noise.bernoulli(means, stream)
				: means.add(noise.gaussian(means.getShape(), stream));
	}

	/**
	 * The free energy F(v) = −log Σ_h exp(−E(v, h)) per row, [B]: {@code −bᵀv − Σ_j
	 * softplus(c_j + (vW)_j)} (Bernoulli) or {@code ½‖v − b‖² − Σ_j softplus(...)}
	 * (Gaussian).
	 */
	NDArray freeEnergy(NDArray v) {
		NDArray hidden = softplus(hiddenInput(v)).sum(new int[] { 1 });
		NDArray visibleTerm = this.visible == Visible.BERNOULLI ? v.matMul(b().reshape(-1, 1)).reshape(-1).neg()
				: v.sub(b()).square().sum(new int[] { 1 }).mul(0.5f);
		return visibleTerm.subi(hidden);
	}

	/** A numerically stable softplus log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|). */
	static NDArray softplus(NDArray x) {
		return x.maximum(0f).addi(x.abs().neg().exp().add(1f).log());
	}

	/** The weights as doubles, for exact computations. */
	double[][] weights() {
		float[] values = w().toFloatArray();
		int v = visibleUnits();
		int h = hiddenUnits();
		double[][] out = new double[v][h];
		for (int i = 0; i < v; i++) {
			for (int j = 0; j < h; j++) {
				out[i][j] = values[i * h + j];
			}
		}
		return out;
	}

	static NDArray asFloat(NDArray array) {
		return array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
	}

}
