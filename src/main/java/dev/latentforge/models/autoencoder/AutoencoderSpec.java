package dev.latentforge.models.autoencoder;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.latentforge.models.Corruption;
import dev.latentforge.models.ModelSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An autoencoder: the dense undercomplete one, and its variations from the lecture as
 * options of one schema. The encoder maps the image through {@code layers}; the last
 * entry is the code size. The decoder mirrors the hidden layers back to the input.
 * <ul>
 * <li>sparse: {@code sparsity} adds β Σ_j KL(ρ ‖ ρ̂_j) on a sigmoid code layer;</li>
 * <li>denoising: {@code corruption} corrupts the input, the loss compares with the clean
 * input;</li>
 * <li>convolutional: {@code architecture = conv} puts strided convolutions before the
 * dense layers and mirrors them in the decoder ({@code upsampling});</li>
 * <li>stacked: {@code pretraining = layerwise} trains each layer as an autoencoder on the
 * codes of the one below for {@code pretrainingSteps} steps, then fine-tunes end to
 * end;</li>
 * <li>linear (= PCA): linear activations and {@code mse};</li>
 * <li>variational: {@code variational = true}.</li>
 * </ul>
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
 * @param architecture {@code dense} (default) or {@code conv}
 * @param channels conv only: the channels of each stride-2 convolution stage (default
 * [32, 64])
 * @param upsampling conv only: how the decoder doubles the resolution: {@code transposed}
 * (an exact transposed convolution, kernel 4, stride 2) or {@code nearest} (nearest
 * neighbour upsampling then a 3×3 convolution)
 * @param sparsity the sparsity penalty (sparse autoencoder), or {@code null}
 * @param corruption the corruption of the input (denoising autoencoder), or {@code null}
 * @param variational whether the model is a variational autoencoder
 * @param outputSigma the standard deviation of the Gaussian decoder ({@code mse}): used
 * by the VAE's ELBO and by the denoising chain's draws (default 0.1)
 * @param pretraining {@code none} (end to end from the start) or {@code layerwise}
 * @param pretrainingSteps layerwise only: steps of pretraining per layer
 */
@JsonTypeName("autoencoder")
@Schema(name = "AutoencoderSpec",
		description = "Autoencoder (model.type = autoencoder): dense, sparse, denoising, convolutional, stacked, linear, variational")
public record AutoencoderSpec(
		@Schema(defaultValue = "[256, 32]") @Size(min = 1,
				max = 8) List<@NotNull @Positive @Max(16_384) Integer> layers,
		@Schema(defaultValue = "relu") Activation activation,
		@Schema(defaultValue = "linear") Activation codeActivation,
		@Schema(defaultValue = "sigmoid") Activation outputActivation, @Schema(defaultValue = "bce") Loss loss,
		@Schema(defaultValue = "dense") Architecture architecture,
		@Schema(description = "conv only; default [32, 64]") @Size(min = 1,
				max = 4) List<@NotNull @Positive @Max(512) Integer> channels,
		@Schema(description = "conv only; default transposed") Upsampling upsampling,
		@Schema(description = "sparse autoencoder: KL sparsity penalty on a sigmoid code") Sparsity sparsity,
		@Schema(description = "denoising autoencoder: the corruption of the input") Corruption corruption,
		@Schema(defaultValue = "false") Boolean variational,
		@Schema(description = "σ of the Gaussian decoder (loss mse); default 0.1") Double outputSigma,
		@Schema(defaultValue = "none") Pretraining pretraining,
		@Schema(description = "layerwise only: steps per layer") Long pretrainingSteps) implements ModelSpec {

	/** The five-option form of the plain dense autoencoder (format-1 checkpoints). */
	public AutoencoderSpec(List<Integer> layers, Activation activation, Activation codeActivation,
			Activation outputActivation, Loss loss) {
		this(layers, activation, codeActivation, outputActivation, loss, null, null, null, null, null, null, null, null,
				null);
	}

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

	/** Network shapes. */
	public enum Architecture {

		@JsonProperty("dense")
		DENSE, @JsonProperty("conv")
		CONV

	}

	/** How a convolutional decoder doubles the resolution. */
	public enum Upsampling {

		@JsonProperty("transposed")
		TRANSPOSED, @JsonProperty("nearest")
		NEAREST

	}

	/** How a stacked autoencoder is trained. */
	public enum Pretraining {

		@JsonProperty("none")
		NONE, @JsonProperty("layerwise")
		LAYERWISE

	}

	/**
	 * The sparse autoencoder's penalty β Σ_j KL(ρ ‖ ρ̂_j).
	 *
	 * @param rho the target average activation ρ, in (0, 1)
	 * @param beta the penalty's weight β &gt; 0
	 * @param momentum λ of the running average ρ̂ ← λ ρ̂ + (1 − λ) · (this batch's mean),
	 * in [0, 1); 0 uses the batch alone (default 0.9)
	 */
	@Schema(name = "AutoencoderSparsity")
	public record Sparsity(@Schema(defaultValue = "0.05") Double rho, @Schema(defaultValue = "1.0") Double beta,
			@Schema(defaultValue = "0.9") Double momentum) {

		Sparsity resolved() {
			return new Sparsity(this.rho != null ? this.rho : 0.05, this.beta != null ? this.beta : 1.0,
					this.momentum != null ? this.momentum : 0.9);
		}

	}

	public AutoencoderSpec resolved() {
		Architecture arch = this.architecture != null ? this.architecture : Architecture.DENSE;
		boolean conv = arch == Architecture.CONV;
		Loss resolvedLoss = this.loss != null ? this.loss : Loss.BCE;
		Pretraining mode = this.pretraining != null ? this.pretraining : Pretraining.NONE;
		return new AutoencoderSpec(this.layers != null ? List.copyOf(this.layers) : List.of(256, 32),
				this.activation != null ? this.activation : Activation.RELU,
				this.codeActivation != null ? this.codeActivation : Activation.LINEAR,
				this.outputActivation != null ? this.outputActivation : Activation.SIGMOID, resolvedLoss, arch,
				this.channels != null ? List.copyOf(this.channels) : (conv ? List.of(32, 64) : null),
				this.upsampling != null ? this.upsampling : (conv ? Upsampling.TRANSPOSED : null),
				this.sparsity != null ? this.sparsity.resolved() : null, this.corruption,
				this.variational != null ? this.variational : Boolean.FALSE,
				this.outputSigma != null ? this.outputSigma : (resolvedLoss == Loss.MSE ? 0.1 : null), mode,
				this.pretrainingSteps);
	}

	public int codeSize() {
		return this.layers.get(this.layers.size() - 1);
	}

	boolean isVariational() {
		return Boolean.TRUE.equals(this.variational);
	}

	boolean isConv() {
		return this.architecture == Architecture.CONV;
	}

	boolean isLayerwise() {
		return this.pretraining == Pretraining.LAYERWISE;
	}

}
