package dev.latentforge.models.rbm;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.latentforge.models.ModelSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A deep belief net: RBMs stacked and trained greedily, layer by layer (the lecture's
 * step 4), each on the sampled hidden states of the one below; optionally a softmax
 * classifier on top, fine-tuned with all recognition weights by backpropagation. The
 * job's steps are split: {@code fineTuneSteps} for the classifier, the rest equally among
 * the layers. The RBM settings are those of {@link RbmSpec} and apply to every layer;
 * only the bottom layer may have Gaussian visible units.
 *
 * @param layers the hidden layer widths, bottom first (e.g. [500, 2000])
 * @param visible the bottom layer's visible units
 * @param binarize how grey images become binary visible states
 * @param sampler {@code cd} or {@code pcd}
 * @param k Gibbs steps per update
 * @param initStd the standard deviation of the initial weights
 * @param exactLimit the largest smaller layer of the top RBM for an exact log Z
 * @param checkpointAisRuns AIS runs for the log-likelihood bound at each checkpoint
 * @param checkpointAisTemperatures AIS temperatures at each checkpoint
 * @param fineTuneSteps steps of supervised fine-tuning of a classifier on top (0: none;
 * needs a labelled data set)
 * @param classes the classifier's class names, filled in from the data set when the job
 * is submitted
 */
@JsonTypeName("dbn")
@Schema(name = "DbnSpec", description = "Deep belief net of stacked RBMs (model.type = dbn)")
public record DbnSpec(
		@Schema(defaultValue = "[256, 256]") @Size(min = 1,
				max = 8) List<@NotNull @Positive @Max(16_384) Integer> layers,
		@Schema(defaultValue = "bernoulli") RbmSpec.VisibleUnits visible,
		@Schema(description = "stochastic for Bernoulli units; none for Gaussian") RbmSpec.Binarization binarize,
		@Schema(defaultValue = "cd") RbmSpec.Sampler sampler, @Schema(defaultValue = "1") @Min(1) @Max(1000) Integer k,
		@Schema(defaultValue = "0.01") @Positive @DecimalMax("10") Double initStd,
		@Schema(defaultValue = "20") @Min(1) @Max(24) Integer exactLimit,
		@Schema(defaultValue = "16") @PositiveOrZero @Max(1000) Integer checkpointAisRuns,
		@Schema(defaultValue = "1000") @Min(10) @Max(100_000) Integer checkpointAisTemperatures,
		@Schema(defaultValue = "0") @PositiveOrZero Long fineTuneSteps,
		@Schema(accessMode = Schema.AccessMode.READ_ONLY,
				description = "filled in from the data set's classes when fineTuneSteps > 0") List<String> classes)
		implements
			ModelSpec {

	public DbnSpec resolved() {
		RbmSpec rbm = new RbmSpec(1, this.visible, this.binarize, this.sampler, this.k, this.initStd, this.exactLimit,
				this.checkpointAisRuns, this.checkpointAisTemperatures)
			.resolved();
		return new DbnSpec(this.layers != null ? List.copyOf(this.layers) : List.of(256, 256), rbm.visible(),
				rbm.binarize(), rbm.sampler(), rbm.k(), rbm.initStd(), rbm.exactLimit(), rbm.checkpointAisRuns(),
				rbm.checkpointAisTemperatures(), this.fineTuneSteps != null ? this.fineTuneSteps : 0L,
				this.classes != null ? List.copyOf(this.classes) : null);
	}

	/** This spec resolved, with the classifier's classes taken from the data set. */
	public DbnSpec resolved(List<String> datasetClasses) {
		DbnSpec spec = resolved();
		return new DbnSpec(spec.layers(), spec.visible(), spec.binarize(), spec.sampler(), spec.k(), spec.initStd(),
				spec.exactLimit(), spec.checkpointAisRuns(), spec.checkpointAisTemperatures(), spec.fineTuneSteps(),
				spec.fineTuneSteps() > 0 ? List.copyOf(datasetClasses) : null);
	}

}
