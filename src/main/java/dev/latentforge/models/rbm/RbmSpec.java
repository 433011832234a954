package dev.latentforge.models.rbm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.latentforge.models.ModelSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A restricted Boltzmann machine trained by contrastive divergence (CD-k) or persistent
 * contrastive divergence (PCD). The job's optimizer applies the updates (SGD with
 * momentum is the classic choice); its weight decay acts on the weights only, not on the
 * biases.
 *
 * @param hidden the number of hidden units
 * @param visible {@code bernoulli} (binary pixels) or {@code gaussian} (real values of
 * unit variance after per-pixel standardisation)
 * @param binarize how grey images become binary visible states: {@code stochastic} (pixel
 * = 1 with probability equal to its intensity, drawn once per example from the job's
 * seed, as Salakhutdinov &amp; Murray), {@code threshold} (intensity ≥ 0.5) or
 * {@code none} (intensities used as probabilities); Bernoulli only
 * @param sampler {@code cd} (chains start at the data) or {@code pcd} (persistent fantasy
 * chains carried across updates)
 * @param k Gibbs steps per update
 * @param initStd the standard deviation of the initial weights, N(0, initStd²)
 * @param exactLimit the largest number of units in the smaller layer for which log Z is
 * computed exactly by enumeration; above it AIS estimates it
 * @param checkpointAisRuns AIS runs for the log-likelihood at each checkpoint (0: no
 * log-likelihood at checkpoints unless exact)
 * @param checkpointAisTemperatures AIS intermediate temperatures at each checkpoint
 */
@JsonTypeName("rbm")
@Schema(name = "RbmSpec", description = "Restricted Boltzmann machine, CD-k or PCD (model.type = rbm)")
public record RbmSpec(@Schema(defaultValue = "64") @Positive @Max(16_384) Integer hidden,
		@Schema(defaultValue = "bernoulli") VisibleUnits visible,
		@Schema(description = "stochastic for Bernoulli units; none for Gaussian") Binarization binarize,
		@Schema(defaultValue = "cd") Sampler sampler, @Schema(defaultValue = "1") @Min(1) @Max(1000) Integer k,
		@Schema(defaultValue = "0.01") @Positive @DecimalMax("10") Double initStd,
		@Schema(defaultValue = "20") @Min(1) @Max(24) Integer exactLimit,
		@Schema(defaultValue = "16") @PositiveOrZero @Max(1000) Integer checkpointAisRuns,
		@Schema(defaultValue = "1000") @Min(10) @Max(100_000) Integer checkpointAisTemperatures) implements ModelSpec {

	/** Visible unit types. */
	public enum VisibleUnits {

		@JsonProperty("bernoulli")
		BERNOULLI, @JsonProperty("gaussian")
		GAUSSIAN

	}

	/** How grey values become binary states. */
	public enum Binarization {

		@JsonProperty("stochastic")
		STOCHASTIC, @JsonProperty("threshold")
		THRESHOLD, @JsonProperty("none")
		NONE

	}

	/** How the negative phase's chains are run. */
	public enum Sampler {

		@JsonProperty("cd")
		CD, @JsonProperty("pcd")
		PCD

	}

	public RbmSpec resolved() {
		VisibleUnits units = this.visible != null ? this.visible : VisibleUnits.BERNOULLI;
		Binarization binary = this.binarize != null ? this.binarize
				: (units == VisibleUnits.BERNOULLI ? Binarization.STOCHASTIC : Binarization.NONE);
		return new RbmSpec(this.hidden != null ? this.hidden : 64, units, binary,
				this.sampler != null ? this.sampler : Sampler.CD, this.k != null ? this.k : 1,
				this.initStd != null ? this.initStd : 0.01, this.exactLimit != null ? this.exactLimit : 20,
				this.checkpointAisRuns != null ? this.checkpointAisRuns : 16,
				this.checkpointAisTemperatures != null ? this.checkpointAisTemperatures : 1000);
	}

}
