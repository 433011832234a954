package dev.latentforge.models;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A training job's full specification: what the client submits and, with every default
 * filled in, what the job records and every checkpoint carries.
 *
 * @param name a human name
 * @param dataset the data set id
 * @param data which examples to train on
 * @param model the model, typed by its {@code type}
 * @param training how to train it
 * @param priority higher runs first among queued jobs (-100 to 100)
 * @param device {@code auto}, {@code cpu} or {@code gpu:N}
 */
public record JobSpec(@Size(max = 200) String name, @NotBlank String dataset, @Valid DataSelection data,
		@NotNull @Valid ModelSpec model, @NotNull @Valid TrainingSpec training,
		@Schema(defaultValue = "0") @Min(-100) @Max(100) Integer priority,
		@Schema(defaultValue = "auto", pattern = "auto|cpu|gpu:[0-9]+") @Pattern(regexp = "auto|cpu|gpu:[0-9]+",
				message = "must be auto, cpu or gpu:N") String device) {

	public DataSelection dataOrDefault() {
		return (this.data != null ? this.data : DataSelection.all()).resolved();
	}

	public int priorityOrDefault() {
		return this.priority != null ? this.priority : 0;
	}

	public String deviceOrDefault() {
		return this.device != null ? this.device : "auto";
	}

}
