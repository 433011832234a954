package dev.latentforge.models;

import java.time.Duration;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;

/**
 * How a model is trained. Give exactly one of {@code maxSteps} and {@code epochs}. A step
 * is one update of the model's primary parameters (for a GAN, one generator update),
 * counted across phases; an epoch is {@code floor(examples / batchSize)} steps (the last
 * partial batch is dropped).
 *
 * @param maxSteps the number of steps
 * @param epochs the number of passes over the selected examples
 * @param batchSize examples per step
 * @param optimizer the optimizer
 * @param seed the seed of every random draw; chosen and recorded when absent
 * @param checkpointEvery steps between checkpoints; default a tenth of the run, between 1
 * and 1000
 * @param maxWallTime running time after which the job checkpoints and fails (ISO 8601,
 * e.g. {@code PT2H}); resume continues it
 */
public record TrainingSpec(@Positive @Max(100_000_000) Long maxSteps, @Positive @Max(100_000) Integer epochs,
		@Schema(defaultValue = "64") @Positive @Max(65_536) Integer batchSize, @Valid OptimizerSpec optimizer,
		Long seed, @Positive Integer checkpointEvery,
		@Schema(type = "string", format = "duration", example = "PT2H") Duration maxWallTime) {

	/**
	 * This spec with defaults filled in and the step count fixed.
	 * @param examples the number of training examples selected
	 * @param seedIfAbsent the seed to record when none was given
	 * @return the resolved spec, with {@code maxSteps} always set
	 */
	public TrainingSpec resolved(int examples, long seedIfAbsent) {
		int batch = this.batchSize != null ? this.batchSize : 64;
		long steps = this.maxSteps != null ? this.maxSteps : (long) this.epochs * Math.max(1, examples / batch);
		int every = this.checkpointEvery != null ? this.checkpointEvery
				: (int) Math.max(1, Math.min(1000, (steps + 9) / 10));
		return new TrainingSpec(steps, this.epochs, batch,
				(this.optimizer != null ? this.optimizer : OptimizerSpec.defaults()).resolved(),
				this.seed != null ? this.seed : seedIfAbsent, every, this.maxWallTime);
	}

	public int batch() {
		return this.batchSize != null ? this.batchSize : 64;
	}

}
