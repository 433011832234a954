package dev.latentforge.models.classifier;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.latentforge.models.ModelReference;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.ReferencingSpec;
import dev.latentforge.models.autoencoder.AutoencoderSpec;
import dev.latentforge.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A classifier: a dense encoder as the autoencoder family builds it (linear layers of
 * {@code layers} widths, {@code activation} on hidden layers, {@code codeActivation} on
 * the last), then a linear layer to one logit per class and a softmax; trained with
 * cross-entropy on {@code labelsPerClass} labelled images of each class.
 *
 * @param layers encoder widths; with {@code pretrainedEncoder} copied from the
 * autoencoder when absent, and required to match it when given
 * @param activation the hidden layers' activation (as the autoencoder's when pretrained)
 * @param codeActivation the code layer's activation (as the autoencoder's when
 * pretrained)
 * @param pretrainedEncoder start the encoder from a trained autoencoder's encoder;
 * absent: from scratch (Glorot-uniform)
 * @param freezeEncoder keep the pretrained encoder fixed and train only the softmax layer
 * (default false)
 * @param labelsPerClass the labelled images per class trained on: the first ones of each
 * class in stored order; absent: every selected image
 * @param classes the class names, in label order (filled in from the data set)
 */
@JsonTypeName("classifier")
@Schema(name = "ClassifierSpec",
		description = "Dense classifier, optionally initialised from an autoencoder's encoder (model.type = classifier)")
public record ClassifierSpec(@Size(min = 1, max = 8) List<@NotNull @Positive @Max(16_384) Integer> layers,
		AutoencoderSpec.Activation activation, AutoencoderSpec.Activation codeActivation,
		@Valid PretrainedEncoder pretrainedEncoder, @Schema(defaultValue = "false") Boolean freezeEncoder,
		@Positive @Max(1_000_000) Integer labelsPerClass,
		@Schema(accessMode = Schema.AccessMode.READ_ONLY) List<String> classes) implements ReferencingSpec {

	static final String FIELD = "model.pretrainedEncoder";

	/**
	 * A trained autoencoder's encoder to start from.
	 *
	 * @param modelId the autoencoder model (job) id
	 * @param checkpoint best (default), latest, or a checkpoint id; resolved to the
	 * checkpoint id at submission
	 */
	public record PretrainedEncoder(@NotNull String modelId, @Schema(defaultValue = "best") String checkpoint) {
	}

	ClassifierSpec resolved(List<String> datasetClasses) {
		return new ClassifierSpec(this.layers != null ? List.copyOf(this.layers) : null, this.activation,
				this.codeActivation, this.pretrainedEncoder, this.freezeEncoder != null ? this.freezeEncoder : false,
				this.labelsPerClass, List.copyOf(datasetClasses));
	}

	/** Defaults for what the autoencoder did not fill in (a spec from scratch). */
	ClassifierSpec withArchitectureDefaults() {
		return new ClassifierSpec(this.layers != null ? this.layers : List.of(256, 32),
				this.activation != null ? this.activation : AutoencoderSpec.Activation.RELU,
				this.codeActivation != null ? this.codeActivation : AutoencoderSpec.Activation.LINEAR,
				this.pretrainedEncoder, this.freezeEncoder, this.labelsPerClass, this.classes);
	}

	@Override
	public List<ModelReference> references() {
		return this.pretrainedEncoder == null ? List.of() : List
			.of(new ModelReference(FIELD, this.pretrainedEncoder.modelId(), this.pretrainedEncoder.checkpoint()));
	}

	@Override
	public ModelSpec withReferences(Map<String, Resolved> resolved) {
		Resolved encoder = resolved.get(FIELD);
		if (encoder == null) {
			return this;
		}
		PretrainedEncoder pinned = new PretrainedEncoder(encoder.modelId(), encoder.checkpointId());
		if (!(encoder.spec().model() instanceof AutoencoderSpec ae)) {
			throw ApiException.invalid(FIELD + ".modelId", "model " + encoder.modelId() + " is a " + encoder.family()
					+ "; a pretrained encoder comes from a dense autoencoder");
		}
		AutoencoderSpec source = ae.resolved();
		if (source.architecture() != AutoencoderSpec.Architecture.DENSE || Boolean.TRUE.equals(source.variational())) {
			throw ApiException.invalid(FIELD + ".modelId", "model " + encoder.modelId()
					+ " is a convolutional or variational autoencoder; a pretrained encoder comes from a dense, "
					+ "non-variational one (its encoder.* layers are the classifier's)");
		}
		mustMatch("model.layers", this.layers, source.layers());
		mustMatch("model.activation", this.activation, source.activation());
		mustMatch("model.codeActivation", this.codeActivation, source.codeActivation());
		return new ClassifierSpec(source.layers(), source.activation(), source.codeActivation(), pinned,
				this.freezeEncoder, this.labelsPerClass, this.classes);
	}

	private static void mustMatch(String field, Object given, Object pretrained) {
		if (given != null && !given.equals(pretrained)) {
			throw ApiException.invalid(field, "is " + given + " but the pretrained encoder has " + pretrained
					+ "; leave it out to copy it from the autoencoder");
		}
	}

}
