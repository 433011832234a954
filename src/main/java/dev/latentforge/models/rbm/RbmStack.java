package dev.latentforge.models.rbm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.tensors.Tensor;

/**
 * The network of an RBM or a deep belief net: the RBMs bottom first (layer l's visible
 * units are layer l−1's hidden units), the bottom layer's input transform, and the
 * optional fine-tuned classifier. Parameters are named {@code layers.<l>.weight} [V, H],
 * {@code layers.<l>.visible_bias} [V], {@code layers.<l>.hidden_bias} [H]; Gaussian
 * visible units add {@code data.mean} and {@code data.std} [D] (the per-pixel
 * standardisation); a classifier adds {@code classifier.*} ({@link Classifier}).
 */
final class RbmStack {

	private final StackConfig config;

	private final List<Rbm> layers = new ArrayList<>();

	private final NDArray dataMean;

	private final NDArray dataStd;

	private Classifier classifier;

	RbmStack(StackConfig config, int inputSize, NDManager manager) {
		this.config = config;
		int below = inputSize;
		for (int l = 0; l < config.layers(); l++) {
			this.layers
				.add(new Rbm("layers." + l + ".", config.visibleKind(l), below, config.hidden().get(l), manager));
			below = config.hidden().get(l);
		}
		if (config.visible() == RbmSpec.VisibleUnits.GAUSSIAN) {
			this.dataMean = manager.zeros(new Shape(inputSize));
			this.dataStd = manager.ones(new Shape(inputSize));
		}
		else {
			this.dataMean = null;
			this.dataStd = null;
		}
	}

	StackConfig config() {
		return this.config;
	}

	List<Rbm> layers() {
		return this.layers;
	}

	Rbm layer(int l) {
		return this.layers.get(l);
	}

	Rbm top() {
		return this.layers.get(this.layers.size() - 1);
	}

	int inputSize() {
		return this.layers.get(0).visibleUnits();
	}

	/** The per-pixel standard deviations of Gaussian visible units, or {@code null}. */
	NDArray dataStd() {
		return this.dataStd;
	}

	Classifier classifier() {
		return this.classifier;
	}

	void attachClassifier(Classifier trained) {
		this.classifier = trained;
	}

	/** The trained parameters by stable name (the data standardisation included). */
	Map<String, Parameter> parameters() {
		Map<String, Parameter> out = new LinkedHashMap<>();
		this.layers.forEach((layer) -> out.putAll(layer.parameters()));
		return out;
	}

	/** All arrays to save or export, by name. */
	Map<String, Tensor> tensors() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		parameters().forEach((name, parameter) -> out.put(name, NdTensors.toTensor(parameter.getArray())));
		if (this.dataMean != null) {
			out.put("data.mean", NdTensors.toTensor(this.dataMean));
			out.put("data.std", NdTensors.toTensor(this.dataStd));
		}
		if (this.classifier != null) {
			out.putAll(this.classifier.tensors());
		}
		return out;
	}

	/** Restores {@link #tensors()}; the classifier when the saved arrays have one. */
	void load(Map<String, Tensor> saved, NDManager manager) {
		Initialisation.load(parameters(), saved);
		if (this.dataMean != null) {
			this.dataMean.set(saved.get("data.mean").toFloatArray());
			this.dataStd.set(saved.get("data.std").toFloatArray());
		}
		if (saved.containsKey(Classifier.OUTPUT_WEIGHT)) {
			this.classifier = Classifier.load(saved, this.layers.size(), manager);
		}
	}

	/**
	 * Sets the per-pixel standardisation of Gaussian visible units (std floored at 0.05).
	 */
	void standardise(float[] mean, float[] std) {
		float[] floored = std.clone();
		for (int i = 0; i < floored.length; i++) {
			floored[i] = Math.max(0.05f, floored[i]);
		}
		this.dataMean.set(mean);
		this.dataStd.set(floored);
	}

	/**
	 * Images [B, D] in [0, 1] as the bottom layer's visible values for inference: the
	 * intensities as probabilities ({@code stochastic}, {@code none}), 0/1 at 0.5
	 * ({@code threshold}), or standardised (Gaussian).
	 */
	NDArray visibleFromImages(NDArray images) {
		if (this.dataMean != null) {
			return images.sub(this.dataMean).divi(this.dataStd);
		}
		if (this.config.binarize() == RbmSpec.Binarization.THRESHOLD) {
			return images.gte(0.5f).toType(images.getDataType(), false);
		}
		return images;
	}

	/** The bottom layer's visible values [B, D] as images in [0, 1]. */
	NDArray imagesFromVisible(NDArray visible) {
		if (this.dataMean != null) {
			return visible.mul(this.dataStd).addi(this.dataMean).clip(0f, 1f);
		}
		return visible;
	}

	/**
	 * The up pass with probabilities: the hidden probabilities of layer {@code upto}
	 * (inclusive) given the bottom visible values.
	 */
	NDArray features(NDArray visible, int upto) {
		NDArray x = visible;
		for (int l = 0; l <= upto; l++) {
			x = this.layers.get(l).hiddenProbabilities(x);
		}
		return x;
	}

	/**
	 * The up pass with samples: the data of layer {@code layer}'s RBM, the bottom visible
	 * values sampled up through the layers below it.
	 */
	NDArray sampleUp(NDArray visible, int layer, Noise noise) {
		NDArray x = visible;
		for (int l = 0; l < layer; l++) {
			x = noise.bernoulli(this.layers.get(l).hiddenProbabilities(x), "up" + l);
		}
		return x;
	}

	/**
	 * The down pass of a DBN's generation: from the states of the top RBM's visible
	 * units, sample each layer below from p(h_{l−1} | h_l), and give the bottom layer's
	 * means and sample.
	 * @return [means, sample] of the bottom visible units
	 */
	NDArray[] downPass(NDArray topVisible, Noise noise) {
		NDArray h = topVisible;
		NDArray means = null;
		for (int l = this.layers.size() - 2; l >= 0; l--) {
			means = this.layers.get(l).visibleMeans(h);
			h = this.layers.get(l).sampleVisible(means, noise, "down" + l);
		}
		if (means == null) {
			return new NDArray[] { h, h };
		}
		return new NDArray[] { means, h };
	}

}
