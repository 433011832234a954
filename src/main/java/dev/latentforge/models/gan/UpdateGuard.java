package dev.latentforge.models.gan;

/**
 * Decides whether a player's update is applied. A non-finite loss is left to fail the job
 * (the worker stops on a non-finite {@code loss}). A non-finite gradient under finite
 * losses (seen once in thousands of steps while batch norm was composed of DJL's ops,
 * whose backward now and then gave NaN; see {@link Layers#trainingBatchNorm}) skips that
 * update and is counted (metric {@code skipped_updates}), as PyTorch's GradScaler skips a
 * step with an overflowed gradient, instead of writing NaN into every weight. After
 * {@value #MAX_SKIPPING_STEPS} steps in a row that each skipped an update, the step's
 * loss is reported non-finite, which fails the job. The count starts again at zero on a
 * resumed run.
 */
final class UpdateGuard {

	/** Steps in a row with a skipped update after which the job fails. */
	static final int MAX_SKIPPING_STEPS = 10;

	private long skipped;

	private long skippedAtStart;

	private int skippingSteps;

	/** Marks the start of a training step. */
	void startStep() {
		this.skippedAtStart = this.skipped;
	}

	/**
	 * Whether an update may be applied: its losses and its gradient norm finite.
	 * @param loss the player's loss
	 * @param classLoss its auxiliary classifier loss (0 without one)
	 * @param gradientNorm the norm of its gradients
	 */
	boolean allows(double loss, double classLoss, double gradientNorm) {
		if (!Double.isFinite(loss) || !Double.isFinite(classLoss)) {
			return false;
		}
		if (!Double.isFinite(gradientNorm)) {
			this.skipped++;
			return false;
		}
		return true;
	}

	/**
	 * Ends a step: the loss to report, which is non-finite once
	 * {@value #MAX_SKIPPING_STEPS} steps in a row skipped an update.
	 */
	double endStep(double loss) {
		this.skippingSteps = this.skipped > this.skippedAtStart ? this.skippingSteps + 1 : 0;
		return this.skippingSteps >= MAX_SKIPPING_STEPS ? Double.NaN : loss;
	}

	/** Updates skipped so far. */
	long skipped() {
		return this.skipped;
	}

}
