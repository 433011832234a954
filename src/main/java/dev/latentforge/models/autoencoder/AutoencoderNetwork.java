package dev.latentforge.models.autoencoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
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
 * layer computes {@code x · Wᵀ + b}.
 */
final class AutoencoderNetwork {

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
		// encoder: [B, D] -> layers[0] -> ... -> [B, code]
		for (int i = 0; i < layers.size(); i++) {
			AutoencoderSpec.Activation after = i == layers.size() - 1 ? spec.codeActivation() : spec.activation();
			this.following.put("encoder." + this.encoder.getChildren().size(), after);
			this.encoder.add(Linear.builder().setUnits(layers.get(i)).build());
			this.encoder.add(activation(after));
		}
		// decoder: [B, code] -> layers[n-2] -> ... -> layers[0] -> [B, D] logits
		for (int i = layers.size() - 2; i >= 0; i--) {
			this.following.put("decoder." + this.decoder.getChildren().size(), spec.activation());
			this.decoder.add(Linear.builder().setUnits(layers.get(i)).build());
			this.decoder.add(activation(spec.activation()));
		}
		this.following.put("decoder." + this.decoder.getChildren().size(), spec.outputActivation());
		this.decoder.add(Linear.builder().setUnits(inputSize).build());
		this.encoder.initialize(manager, DataType.FLOAT32, new Shape(1, inputSize));
		this.decoder.initialize(manager, DataType.FLOAT32, new Shape(1, spec.codeSize()));
		this.parameters.putAll(NamedParameters.of("encoder", this.encoder));
		this.parameters.putAll(NamedParameters.of("decoder", this.decoder));
	}

	private static Block activation(AutoencoderSpec.Activation activation) {
		return switch (activation) {
			case SIGMOID -> Activation.sigmoidBlock();
			case RELU -> Activation.reluBlock();
			case TANH -> Activation.tanhBlock();
			case LINEAR -> Blocks.identityBlock();
		};
	}

	/** Glorot-uniform weights (gain √2 before ReLU, He's variance), zero biases. */
	void initialise(Rng rng) {
		for (Map.Entry<String, Parameter> entry : this.parameters.entrySet()) {
			if (entry.getKey().endsWith(".bias")) {
				Initialisation.constant(entry.getValue(), 0f);
			}
			else {
				Initialisation.glorotUniform(entry.getValue(), rng, entry.getKey(), gainFor(entry.getKey()));
			}
		}
	}

	private double gainFor(String name) {
		String layer = name.substring(0, name.lastIndexOf('.'));
		return this.following.get(layer) == AutoencoderSpec.Activation.RELU ? Math.sqrt(2.0) : 1.0;
	}

	Map<String, Parameter> parameters() {
		return this.parameters;
	}

	int inputSize() {
		return this.inputSize;
	}

	/** [B, C, H, W] images → [B, code]. */
	NDArray encode(ParameterStore store, NDArray images, boolean training) {
		NDArray flat = images.reshape(images.getShape().get(0), this.inputSize); // [B, D]
		return this.encoder.forward(store, new NDList(flat), training).singletonOrThrow();
	}

	/** [B, code] → [B, D] logits (before the output activation). */
	NDArray logits(ParameterStore store, NDArray codes, boolean training) {
		return this.decoder.forward(store, new NDList(codes), training).singletonOrThrow();
	}

	/** Applies the output activation to logits. */
	NDArray output(NDArray logits) {
		return switch (this.spec.outputActivation()) {
			case SIGMOID -> Activation.sigmoid(logits);
			case TANH -> logits.tanh();
			case RELU -> logits.maximum(0f);
			case LINEAR -> logits;
		};
	}

}
