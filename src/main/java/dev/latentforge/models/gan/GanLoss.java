package dev.latentforge.models.gan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The GAN objectives by name. D's outputs are logits l (σ(l) = D(x)) or, for the
 * Wasserstein losses, a critic's unbounded scores; the formulas are in {@link GanLosses}.
 */
public enum GanLoss {

	/** Goodfellow et al. 2014: G minimises log(1 − D(G(z))). */
	@JsonProperty("minimax")
	MINIMAX,
	/**
	 * Goodfellow et al. 2014, §3: G maximises log D(G(z)) (strong gradients early on).
	 */
	@JsonProperty("non-saturating")
	NON_SATURATING,
	/**
	 * Salimans et al. 2016: G matches the mean activations of a chosen D stage on real
	 * and fake batches.
	 */
	@JsonProperty("feature-matching")
	FEATURE_MATCHING,
	/**
	 * Arjovsky et al. 2017: a critic with clipped weights estimates the Wasserstein-1
	 * distance.
	 */
	@JsonProperty("wasserstein")
	WASSERSTEIN,
	/**
	 * Gulrajani et al. 2017: the critic's gradient norm at random interpolates between
	 * real and fake examples is pulled to 1 (penalty weight {@code gradientPenalty}, λ =
	 * 10) instead of clipping its weights; no batch norm in the critic. The penalty's
	 * gradient is a second-order one, computed through {@code engine.InputGradients}.
	 */
	@JsonProperty("wasserstein-gp")
	WASSERSTEIN_GP;

	public boolean wasserstein() {
		return this == WASSERSTEIN || this == WASSERSTEIN_GP;
	}

}
