package dev.latentforge.models;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * Which examples of a data set a job trains on.
 *
 * @param split the split to train on
 * @param classes class names to keep (all when absent)
 * @param limit the most examples to take, the first ones in stored order after the class
 * filter
 */
public record DataSelection(@Schema(defaultValue = "train") String split, List<@NotBlank String> classes,
		@Positive Integer limit) {

	public static DataSelection all() {
		return new DataSelection("train", null, null);
	}

	public DataSelection resolved() {
		return new DataSelection(this.split != null ? this.split : "train",
				this.classes != null ? List.copyOf(this.classes) : null, this.limit);
	}

}
