package dev.latentforge.models.autoencoder;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.latentforge.engine.Rng;

/**
 * What the trainer and the loaded model need from an autoencoder's network, dense or
 * convolutional: an encoder whose output is the code (or, for a VAE, μ and log σ² side by
 * side), and a decoder from codes to logits over the flattened input.
 */
interface Network {

	/** The parameters by stable, PyTorch-style name. */
	Map<String, Parameter> parameters();

	/** C·H·W. */
	int inputSize();

	/**
	 * [B, C, H, W] images → [B, code], or for a VAE [B, 2·code]: μ in the first half, log
	 * σ² in the second.
	 */
	NDArray encoderOutput(ParameterStore store, NDArray images, boolean training);

	/** [B, code] → [B, C·H·W] logits, before the output activation. */
	NDArray logits(ParameterStore store, NDArray codes, boolean training);

	/** Sets the initial weights from the job's random streams. */
	void initialise(Rng rng);

	/** Builds the network a spec describes for images of the given shape. */
	static Network build(AutoencoderSpec spec, int channels, int height, int width, ai.djl.ndarray.NDManager manager) {
		if (spec.isConv()) {
			return new ConvAutoencoderNetwork(spec, channels, height, width, manager);
		}
		return new AutoencoderNetwork(spec, channels * height * width, manager);
	}

	static Block activationBlock(AutoencoderSpec.Activation activation) {
		return switch (activation) {
			case SIGMOID -> Activation.sigmoidBlock();
			case RELU -> Activation.reluBlock();
			case TANH -> Activation.tanhBlock();
			case LINEAR -> Blocks.identityBlock();
		};
	}

	static NDArray activate(AutoencoderSpec.Activation activation, NDArray x) {
		return switch (activation) {
			case SIGMOID -> Activation.sigmoid(x);
			case TANH -> x.tanh();
			case RELU -> x.maximum(0f);
			case LINEAR -> x;
		};
	}

}
