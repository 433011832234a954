package dev.latentforge.models.autoencoder;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.latentforge.models.ModelSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A dense autoencoder. The encoder maps the flattened image through {@code layers}; the
 * last entry is the code size. The decoder mirrors the hidden layers back to the input
 * size.
 *
 * @param layers encoder layer widths, the last being the code (e.g. [256, 32])
 * @param activation the hidden layers' activation
 * @param codeActivation the code layer's activation
 * @param outputActivation the decoder output's activation; {@code bce} needs
 * {@code sigmoid}
 * @param loss {@code mse}: mean squared error (the Gaussian case); {@code bce}: binary
 * cross-entropy on the decoder's logits (the Bernoulli case). Both are averaged over
 * pixels and examples, as PyTorch's default reduction; metrics also report the per-image
 * sum.
 */
@JsonTypeName("autoencoder")
@Schema(name = "AutoencoderSpec", description = "Dense undercomplete autoencoder (model.type = autoencoder)")
public record AutoencoderSpec(
		@Schema(defaultValue = "[256, 32]") @Size(min = 1,
				max = 8) List<@NotNull @Positive @Max(16_384) Integer> layers,
		@Schema(defaultValue = "relu") Activation activation,
		@Schema(defaultValue = "linear") Activation codeActivation,
		@Schema(defaultValue = "sigmoid") Activation outputActivation,
		@Schema(defaultValue = "bce") Loss loss) implements ModelSpec {

	/** Activation functions. */
	public enum Activation {

		@JsonProperty("sigmoid")
		SIGMOID, @JsonProperty("relu")
		RELU, @JsonProperty("tanh")
		TANH, @JsonProperty("linear")
		LINEAR

	}

	/** Reconstruction losses. */
	public enum Loss {

		@JsonProperty("mse")
		MSE, @JsonProperty("bce")
		BCE

	}

	public AutoencoderSpec resolved() {
		return new AutoencoderSpec(this.layers != null ? List.copyOf(this.layers) : List.of(256, 32),
				this.activation != null ? this.activation : Activation.RELU,
				this.codeActivation != null ? this.codeActivation : Activation.LINEAR,
				this.outputActivation != null ? this.outputActivation : Activation.SIGMOID,
				this.loss != null ? this.loss : Loss.BCE);
	}

	public int codeSize() {
		return this.layers.get(this.layers.size() - 1);
	}

}
