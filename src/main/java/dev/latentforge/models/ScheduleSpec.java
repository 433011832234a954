package dev.latentforge.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A learning-rate schedule: an optional linear warm-up from 0, then {@code constant},
 * {@code step} (multiply by {@code gamma} every {@code stepSize} steps),
 * {@code exponential} (multiply by {@code gamma} every step) or {@code cosine} (from the
 * base rate down to {@code minLearningRate} at the last step).
 *
 * @param type the schedule's shape
 * @param warmupSteps steps of linear warm-up
 * @param stepSize steps between decays ({@code step} only)
 * @param gamma the decay factor ({@code step}, {@code exponential})
 * @param minLearningRate the final rate ({@code cosine})
 */
public record ScheduleSpec(@Schema(defaultValue = "constant") Type type,
		@Schema(defaultValue = "0") @PositiveOrZero Integer warmupSteps, @Positive Long stepSize,
		@Positive @DecimalMax("1") Double gamma, @Schema(defaultValue = "0") @PositiveOrZero Double minLearningRate) {

	/** The schedule shapes. */
	public enum Type {

		@JsonProperty("constant")
		CONSTANT, @JsonProperty("step")
		STEP, @JsonProperty("exponential")
		EXPONENTIAL, @JsonProperty("cosine")
		COSINE

	}

	public static ScheduleSpec constant() {
		return new ScheduleSpec(Type.CONSTANT, 0, null, null, 0.0);
	}

	public ScheduleSpec resolved() {
		Type t = this.type != null ? this.type : Type.CONSTANT;
		Long size = this.stepSize;
		if (t == Type.STEP && size == null) {
			size = 1000L;
		}
		Double factor = this.gamma;
		if (factor == null && t == Type.STEP) {
			factor = 0.1;
		}
		else if (factor == null && t == Type.EXPONENTIAL) {
			factor = 0.999;
		}
		return new ScheduleSpec(t, this.warmupSteps != null ? this.warmupSteps : 0, size, factor,
				this.minLearningRate != null ? this.minLearningRate : 0.0);
	}

	/**
	 * The learning rate at a step.
	 * @param base the base rate
	 * @param step the 1-based step
	 * @param totalSteps the job's total steps
	 * @return the rate for that step's update
	 */
	public double rate(double base, long step, long totalSteps) {
		int warmup = this.warmupSteps == null ? 0 : this.warmupSteps;
		if (step <= warmup) {
			return base * step / Math.max(1, warmup);
		}
		long t = step - warmup;
		long span = Math.max(1, totalSteps - warmup);
		return switch (this.type == null ? Type.CONSTANT : this.type) {
			case CONSTANT -> base;
			case STEP -> base * Math.pow(this.gamma, (t - 1) / this.stepSize);
			case EXPONENTIAL -> base * Math.pow(this.gamma, t - 1);
			case COSINE -> {
				double min = this.minLearningRate == null ? 0.0 : this.minLearningRate;
				double progress = Math.min(1.0, (double) (t - 1) / Math.max(1, span - 1));
				yield min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
			}
		};
	}

}
