package dev.latentforge.models.autoencoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.NamedParameters;
import dev.latentforge.engine.Rng;

/**
 * The network of a dense autoencoder: an encoder of linear layers with activations, and a
 * decoder that mirrors it and ends in logits. Parameters are named as PyTorch's
 * {@code nn.Sequential} would name them ({@code encoder.0.weight} [out, in]); each linear
 * layer computes {@code x · Wᵀ + b}. Linear layer k of the encoder is child 2k of
 * {@code encoder}; its mirror in the decoder is linear L−1−k (child 2(L−1−k)), which the
 * layer-wise pretraining of a stacked autoencoder trains together with it.
 */
final class AutoencoderNetwork implements Network {

	private final AutoencoderSpec spec;

	private final int inputSize;

	private final SequentialBlock encoder = new SequentialBlock();

	private final SequentialBlock decoder = new SequentialBlock();

	private final Map<String, Parameter> parameters = new LinkedHashMap<>();

	/**
	 * The activation after each linear layer, by the layer's name prefix
	 * ({@code encoder.0}).
	 */
	private final Map<String, AutoencoderSpec.Activation> following = new LinkedHashMap<>();

	AutoencoderNetwork(AutoencoderSpec spec, int inputSize, NDManager manager) {
		this.spec = spec;
		this.inputSize = inputSize;
		List<Integer> layers = spec.layers();
		int codeWidth = spec.isVariational() ? 2 * spec.codeSize() : spec.codeSize();
		// encoder: [B, D] -> layers[0] -> ... -> [B, code] (a VAE: [B, 2·code], μ then
		// log σ²)
		for (int i = 0; i < layers.size(); i++) {
			boolean last = i == layers.size() - 1;
			AutoencoderSpec.Activation after = last ? spec.codeActivation() : spec.activation();
			this.following.put("encoder." + this.encoder.getChildren().size(), after);
			this.encoder.add(Linear.builder().setUnits(last ? codeWidth : layers.get(i)).build());
			this.encoder.add(Network.activationBlock(after));
		}
		// decoder: [B, code] -> layers[n-2] -> ... -> layers[0] -> [B, D] logits
		for (int i = layers.size() - 2; i >= 0; i--) {
			this.following.put("decoder." + this.decoder.getChildren().size(), spec.activation());
			this.decoder.add(Linear.builder().setUnits(layers.get(i)).build());
			this.decoder.add(Network.activationBlock(spec.activation()));
		}
		this.following.put("decoder." + this.decoder.getChildren().size(), spec.outputActivation());
		this.decoder.add(Linear.builder().setUnits(inputSize).build());
		this.encoder.initialize(manager, DataType.FLOAT32, new Shape(1, inputSize));
		this.decoder.initialize(manager, DataType.FLOAT32, new Shape(1, spec.codeSize()));
		this.parameters.putAll(NamedParameters.of("encoder", this.encoder));
		this.parameters.putAll(NamedParameters.of("decoder", this.decoder));
	}

	/** Glorot-uniform weights (gain √2 before ReLU, He's variance), zero biases. */
	@Override
	public void initialise(Rng rng) {
		for (Map.Entry<String, Parameter> entry : this.parameters.entrySet()) {
			if (entry.getKey().endsWith(".bias")) {
				Initialisation.constant(entry.getValue(), 0f);
			}
			else {
				Initialisation.glorotUniform(entry.getValue(), rng, entry.getKey(), gainFor(entry.getKey()));
			}
		}
	}

	/**
	 * Data-dependent start (after {@link #initialise}): the decoder's output bias is set
	 * so that a zero code decodes to the training set's mean image (through the inverse
	 * of the output activation), and the first encoder layer's bias to −W₁·m, so that its
	 * pre-activations start centred. Without it, the large common part of images in [0,
	 * 1] (the mean image) dominates the first gradients and a code unit can spend many
	 * steps carrying the mean instead of a direction of variance; a linear autoencoder
	 * then stalls at a saddle away from the principal subspace.
	 * @param mean the training set's mean image, flattened, values in [0, 1]
	 */
	void centre(float[] mean) {
		dev.latentforge.engine.GradMode.off(() -> {
			NDArray m = this.parameters.get("encoder.0.weight").getArray().getManager().create(mean); // [D]
			NDArray w1 = this.parameters.get("encoder.0.weight").getArray(); // [h1, D]
			NDArray b1 = this.parameters.get("encoder.0.bias").getArray();
			b1.set(w1.matMul(m).neg().toFloatArray());
			String last = "decoder." + (this.decoder.getChildren().size() - 1) + ".bias";
			float[] bias = new float[mean.length];
			for (int i = 0; i < bias.length; i++) {
				bias[i] = inverseOutput(mean[i]);
			}
			this.parameters.get(last).getArray().set(bias);
			m.close();
		});
	}

	private float inverseOutput(float value) {
		double v = Math.max(1e-3, Math.min(1 - 1e-3, value));
		return switch (this.spec.outputActivation()) {
			case SIGMOID -> (float) Math.log(v / (1 - v));
			case TANH -> (float) (0.5 * Math.log((1 + v) / (1 - v)));
			case RELU, LINEAR -> value;
		};
	}

	private double gainFor(String name) {
		String layer = name.substring(0, name.lastIndexOf('.'));
		return this.following.get(layer) == AutoencoderSpec.Activation.RELU ? Math.sqrt(2.0) : 1.0;
	}

	@Override
	public Map<String, Parameter> parameters() {
		return this.parameters;
	}

	@Override
	public int inputSize() {
		return this.inputSize;
	}

	/** [B, C, H, W] images → [B, code] ([B, 2·code] for a VAE). */
	@Override
	public NDArray encoderOutput(ParameterStore store, NDArray images, boolean training) {
		NDArray flat = images.reshape(images.getShape().get(0), this.inputSize); // [B, D]
		return this.encoder.forward(store, new NDList(flat), training).singletonOrThrow();
	}

	/** [B, code] → [B, D] logits (before the output activation). */
	@Override
	public NDArray logits(ParameterStore store, NDArray codes, boolean training) {
		return this.decoder.forward(store, new NDList(codes), training).singletonOrThrow();
	}

	/** Applies the output activation to logits. */
	NDArray output(NDArray logits) {
		return Network.activate(this.spec.outputActivation(), logits);
	}

	// ---- layer-wise pretraining of the stack ----

	/** The number of encoder layers L. */
	int depth() {
		return this.spec.layers().size();
	}

	/**
	 * The parameters trained while layer k is pretrained: encoder linear k and its
	 * mirror, decoder linear L−1−k.
	 */
	Map<String, Parameter> layerParameters(int k) {
		String encoderLayer = "encoder." + (2 * k) + ".";
		String decoderLayer = "decoder." + (2 * (depth() - 1 - k)) + ".";
		Map<String, Parameter> out = new LinkedHashMap<>();
		this.parameters.forEach((name, parameter) -> {
			if (name.startsWith(encoderLayer) || name.startsWith(decoderLayer)) {
				out.put(name, parameter);
			}
		});
		return out;
	}

	/**
	 * [B, D] → the output of encoder layer k−1 (after its activation), [B, layers[k−1]].
	 */
	NDArray below(ParameterStore store, NDArray flat, int k, boolean training) {
		NDArray h = flat;
		for (int child = 0; child < 2 * k; child++) {
			h = child(this.encoder, child).forward(store, new NDList(h), training).singletonOrThrow();
		}
		return h;
	}

	/** Encoder layer k with its activation: [B, layers[k−1]] → [B, layers[k]]. */
	NDArray encodeLayer(ParameterStore store, NDArray h, int k, boolean training) {
		NDArray z = child(this.encoder, 2 * k).forward(store, new NDList(h), training).singletonOrThrow();
		return child(this.encoder, 2 * k + 1).forward(store, new NDList(z), training).singletonOrThrow();
	}

	/**
	 * Decoder linear L−1−k without its activation: [B, layers[k]] → [B, layers[k−1]] (or
	 * [B, D] for k = 0).
	 */
	NDArray decodeLayer(ParameterStore store, NDArray code, int k, boolean training) {
		return child(this.decoder, 2 * (depth() - 1 - k)).forward(store, new NDList(code), training).singletonOrThrow();
	}

	private static Block child(SequentialBlock block, int index) {
		return block.getChildren().get(index).getValue();
	}

}
