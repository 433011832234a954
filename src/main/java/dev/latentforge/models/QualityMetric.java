package dev.latentforge.models;

/**
 * The metric by which a family ranks its checkpoints ("best").
 *
 * @param name the metric's name in checkpoint metrics
 * @param lowerIsBetter whether smaller values are better
 */
public record QualityMetric(String name, boolean lowerIsBetter) {

	/** The value stored so that a smaller number is always better. */
	public Double rank(Double value) {
		if (value == null || value.isNaN()) {
			return null;
		}
		return this.lowerIsBetter ? value : -value;
	}

}
