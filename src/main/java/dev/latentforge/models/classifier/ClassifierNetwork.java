package dev.latentforge.models.classifier;

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
import dev.latentforge.models.autoencoder.AutoencoderSpec;

/**
 * The network of a classifier: the encoder exactly as the dense autoencoder names it
 * ({@code encoder.0.weight} [out, in], indices counting activation layers as PyTorch's
 * {@code nn.Sequential}), so an autoencoder's encoder loads by name, then {@code head.0}
 * mapping the code to one logit per class.
 */
final class ClassifierNetwork {

	private final int inputSize;

	private final SequentialBlock encoder = new SequentialBlock();

	private final SequentialBlock head = new SequentialBlock();

	private final Map<String, Parameter> encoderParameters;

	private final Map<String, Parameter> headParameters;

	private final Map<String, AutoencoderSpec.Activation> following = new LinkedHashMap<>();

	ClassifierNetwork(ClassifierSpec spec, int inputSize, NDManager manager) {
		this.inputSize = inputSize;
		List<Integer> layers = spec.layers();
		// encoder: [B, D] -> layers[0] -> ... -> [B, code]
		for (int i = 0; i < layers.size(); i++) {
			AutoencoderSpec.Activation after = i == layers.size() - 1 ? spec.codeActivation() : spec.activation();
			this.following.put("encoder." + this.encoder.getChildren().size(), after);
			this.encoder.add(Linear.builder().setUnits(layers.get(i)).build());
			this.encoder.add(activation(after));
		}
		// head: [B, code] -> [B, classes] logits
		this.head.add(Linear.builder().setUnits(spec.classes().size()).build());
		this.encoder.initialize(manager, DataType.FLOAT32, new Shape(1, inputSize));
		this.head.initialize(manager, DataType.FLOAT32, new Shape(1, layers.get(layers.size() - 1)));
		this.encoderParameters = NamedParameters.of("encoder", this.encoder);
		this.headParameters = NamedParameters.of("head", this.head);
	}

	private static Block activation(AutoencoderSpec.Activation activation) {
		return switch (activation) {
			case SIGMOID -> Activation.sigmoidBlock();
			case RELU -> Activation.reluBlock();
			case TANH -> Activation.tanhBlock();
			case LINEAR -> Blocks.identityBlock();
		};
	}

	/** Glorot-uniform weights (gain √2 before ReLU), zero biases. */
	void initialise(Rng rng) {
		for (Map.Entry<String, Parameter> entry : parameters().entrySet()) {
			if (entry.getKey().endsWith(".bias")) {
				Initialisation.constant(entry.getValue(), 0f);
			}
			else {
				String layer = entry.getKey().substring(0, entry.getKey().lastIndexOf('.'));
				double gain = this.following.get(layer) == AutoencoderSpec.Activation.RELU ? Math.sqrt(2.0) : 1.0;
				Initialisation.glorotUniform(entry.getValue(), rng, entry.getKey(), gain);
			}
		}
	}

	Map<String, Parameter> parameters() {
		Map<String, Parameter> all = new LinkedHashMap<>(this.encoderParameters);
		all.putAll(this.headParameters);
		return all;
	}

	Map<String, Parameter> encoderParameters() {
		return this.encoderParameters;
	}

	Map<String, Parameter> headParameters() {
		return this.headParameters;
	}

	/** [B, C, H, W] images → [B, classes] logits; a frozen encoder passes no gradient. */
	NDArray logits(ParameterStore store, NDArray images, boolean training, boolean frozenEncoder) {
		NDArray flat = images.reshape(images.getShape().get(0), this.inputSize); // [B, D]
		NDArray codes = this.encoder.forward(store, new NDList(flat), training).singletonOrThrow(); // [B,
																									// code]
		if (frozenEncoder) {
			codes = codes.stopGradient();
		}
		return this.head.forward(store, new NDList(codes), training).singletonOrThrow(); // [B,
																							// classes]
	}

}
