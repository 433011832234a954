package dev.latentforge.models;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * An optimizer and its settings. Our own implementations (not DJL's) so that their state
 * is saved in checkpoints and a resumed job continues exactly.
 *
 * @param type {@code adam} (L2 weight decay added to the gradient, as PyTorch's Adam),
 * {@code adamw} (decoupled weight decay) or {@code sgd} (with optional momentum)
 * @param learningRate the base learning rate
 * @param betas Adam's two decay rates
 * @param momentum SGD's momentum
 * @param weightDecay the weight decay
 * @param epsilon Adam's epsilon
 * @param schedule how the learning rate changes over the steps
 */
public record OptimizerSpec(@Schema(defaultValue = "adam") Type type, @Schema(
		description = "default 1e-3 for Adam/AdamW, 1e-2 for SGD") @Positive @DecimalMax("10") Double learningRate,
		@Schema(defaultValue = "[0.9, 0.999]") @Size(min = 2,
				max = 2) List<@NotNull @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double> betas,
		@Schema(defaultValue = "0") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double momentum,
		@Schema(defaultValue = "0") @PositiveOrZero @DecimalMax("1") Double weightDecay,
		@Schema(defaultValue = "1e-8") @Positive @DecimalMax("1") Double epsilon, @Valid ScheduleSpec schedule) {

	/** The optimizers we implement. */
	public enum Type {

		@JsonProperty("adam")
		ADAM, @JsonProperty("adamw")
		ADAMW, @JsonProperty("sgd")
		SGD

	}

	public static OptimizerSpec defaults() {
		return new OptimizerSpec(null, null, null, null, null, null, null).resolved();
	}

	/** This spec with every missing value replaced by its default. */
	public OptimizerSpec resolved() {
		Type t = this.type != null ? this.type : Type.ADAM;
		double lr = this.learningRate != null ? this.learningRate : (t == Type.SGD ? 1e-2 : 1e-3);
		return new OptimizerSpec(t, lr, this.betas != null ? List.copyOf(this.betas) : List.of(0.9, 0.999),
				this.momentum != null ? this.momentum : 0.0, this.weightDecay != null ? this.weightDecay : 0.0,
				this.epsilon != null ? this.epsilon : 1e-8,
				(this.schedule != null ? this.schedule : ScheduleSpec.constant()).resolved());
	}

	/**
	 * This spec with missing values taken from a player's own defaults (GANs use β1 =
	 * 0.5).
	 */
	public OptimizerSpec resolvedWith(OptimizerSpec defaults) {
		return new OptimizerSpec(this.type != null ? this.type : defaults.type(),
				this.learningRate != null ? this.learningRate : defaults.learningRate(),
				this.betas != null ? this.betas : defaults.betas(),
				this.momentum != null ? this.momentum : defaults.momentum(),
				this.weightDecay != null ? this.weightDecay : defaults.weightDecay(),
				this.epsilon != null ? this.epsilon : defaults.epsilon(),
				this.schedule != null ? this.schedule : defaults.schedule())
			.resolved();
	}

}
