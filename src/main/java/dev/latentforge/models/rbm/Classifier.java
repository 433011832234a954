package dev.latentforge.models.rbm;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.engine.Rng;
import dev.latentforge.tensors.Tensor;

/**
 * The supervised classifier of a fine-tuned DBN: the DBN's recognition weights as a
 * feed-forward net of sigmoid layers ({@code classifier.layers.<l>.weight} [in, out],
 * {@code .bias} [out], initialised from {@code layers.<l>.weight} and
 * {@code hidden_bias}), then a softmax layer ({@code classifier.output.weight} [H, K],
 * {@code classifier.output.bias} [K]). Fine-tuning minimises the mean cross-entropy by
 * backpropagation written out by hand (no autograd); the generative weights of the DBN
 * are left as pretrained, so generation and the likelihood bound still describe the DBN.
 */
final class Classifier {

	static final String OUTPUT_WEIGHT = "classifier.output.weight";

	static final String OUTPUT_BIAS = "classifier.output.bias";

	private final Map<String, Parameter> parameters = new LinkedHashMap<>();

	private final int layers;

	private Classifier(int layers) {
		this.layers = layers;
	}

	/** A classifier initialised from a pretrained stack, output weights N(0, 0.01²). */
	static Classifier from(RbmStack stack, int classes, Rng rng, NDManager manager) {
		Classifier out = new Classifier(stack.layers().size());
		for (int l = 0; l < stack.layers().size(); l++) {
			Rbm rbm = stack.layer(l);
			out.put("classifier.layers." + l + ".weight", rbm.w().duplicate());
			out.put("classifier.layers." + l + ".bias", rbm.c().duplicate());
		}
		int top = stack.top().hiddenUnits();
		out.put(OUTPUT_WEIGHT, manager.create(rng.gaussian(0, "init/" + OUTPUT_WEIGHT, top * classes, 0.01f),
				new Shape(top, classes)));
		out.put(OUTPUT_BIAS, manager.zeros(new Shape(classes)));
		return out;
	}

	/** Sets the hidden layers to the stack's current recognition weights. */
	void copyRecognitionWeights(RbmStack stack) {
		dev.latentforge.engine.GradMode.off(() -> {
			for (int l = 0; l < this.layers; l++) {
				array("classifier.layers." + l + ".weight").set(stack.layer(l).w().toFloatArray());
				array("classifier.layers." + l + ".bias").set(stack.layer(l).c().toFloatArray());
			}
		});
	}

	static Classifier load(Map<String, Tensor> saved, int layers, NDManager manager) {
		Classifier out = new Classifier(layers);
		for (int l = 0; l < layers; l++) {
			out.put("classifier.layers." + l + ".weight",
					NdTensors.toNdArray(manager, saved.get("classifier.layers." + l + ".weight")));
			out.put("classifier.layers." + l + ".bias",
					NdTensors.toNdArray(manager, saved.get("classifier.layers." + l + ".bias")));
		}
		out.put(OUTPUT_WEIGHT, NdTensors.toNdArray(manager, saved.get(OUTPUT_WEIGHT)));
		out.put(OUTPUT_BIAS, NdTensors.toNdArray(manager, saved.get(OUTPUT_BIAS)));
		return out;
	}

	private void put(String name, NDArray array) {
		this.parameters.put(name,
				Parameter.builder()
					.setName(name)
					.setType(Parameter.Type.WEIGHT)
					.optArray(array)
					.optRequiresGrad(false)
					.build());
	}

	Map<String, Parameter> parameters() {
		return this.parameters;
	}

	int classes() {
		return Math.toIntExact(array(OUTPUT_BIAS).getShape().get(0));
	}

	Map<String, Tensor> tensors() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		this.parameters.forEach((name, parameter) -> out.put(name, NdTensors.toTensor(parameter.getArray())));
		return out;
	}

	private NDArray array(String name) {
		return this.parameters.get(name).getArray();
	}

	/** [B, D] visible values → class probabilities [B, K]. */
	NDArray probabilities(NDArray visible) {
		NDArray[] activations = forward(visible);
		return activations[this.layers + 1];
	}

	/** The activations a_0 = x, a_1..a_L (sigmoid), and the softmax output. */
	private NDArray[] forward(NDArray visible) {
		NDArray[] a = new NDArray[this.layers + 2];
		a[0] = visible;
		for (int l = 0; l < this.layers; l++) {
			a[l + 1] = Activation.sigmoid(a[l].matMul(array("classifier.layers." + l + ".weight"))
				.addi(array("classifier.layers." + l + ".bias")));
		}
		a[this.layers + 1] = a[this.layers].matMul(array(OUTPUT_WEIGHT)).addi(array(OUTPUT_BIAS)).softmax(1);
		return a;
	}

	/**
	 * The mean cross-entropy of a batch and its gradients by backpropagation: δ_out = (p
	 * − y) / B at the softmax, δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ a_l (1 − a_l) below it.
	 * @param visible [B, D]
	 * @param labels class indices
	 * @param gradients receives the gradients by parameter name
	 * @return the mean cross-entropy
	 */
	double lossAndGradients(NDArray visible, int[] labels, Map<String, NDArray> gradients) {
		NDArray[] a = forward(visible);
		NDArray p = a[this.layers + 1];
		long batch = visible.getShape().get(0);
		NDArray y = visible.getManager().create(labels).oneHot(classes(), DataType.FLOAT32);
		double loss = -y.mul(p.clip(1e-12f, 1f).log()).sum().getFloat() / batch;
		NDArray delta = p.sub(y).divi(batch); // [B, K]
		gradients.put(OUTPUT_WEIGHT, a[this.layers].transpose().matMul(delta));
		gradients.put(OUTPUT_BIAS, delta.sum(new int[] { 0 }));
		NDArray above = array(OUTPUT_WEIGHT);
		for (int l = this.layers - 1; l >= 0; l--) {
			NDArray out = a[l + 1];
			delta = delta.matMul(above.transpose()).muli(out.mul(out.neg().add(1f))); // [B,
																						// H_l]
			gradients.put("classifier.layers." + l + ".weight", a[l].transpose().matMul(delta));
			gradients.put("classifier.layers." + l + ".bias", delta.sum(new int[] { 0 }));
			above = array("classifier.layers." + l + ".weight");
		}
		return loss;
	}

}
