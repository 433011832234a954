package dev.latentforge.models.rbm;

import java.util.List;

import dev.latentforge.models.ModelSpec;

/**
 * The settings of a stack of RBMs, from either spec: an {@link RbmSpec} is a stack of one
 * layer without a classifier.
 *
 * @param dbn whether the spec is a deep belief net
 * @param hidden the hidden layer widths, bottom first
 * @param visible the bottom layer's visible units
 * @param binarize how grey values become binary states
 * @param sampler CD or PCD
 * @param k Gibbs steps per update
 * @param initStd the initial weights' standard deviation
 * @param exactLimit the largest smaller layer with exact log Z
 * @param aisRuns AIS runs at checkpoints
 * @param aisTemperatures AIS temperatures at checkpoints
 * @param fineTuneSteps classifier fine-tuning steps
 */
record StackConfig(boolean dbn, List<Integer> hidden, RbmSpec.VisibleUnits visible, RbmSpec.Binarization binarize,
		RbmSpec.Sampler sampler, int k, double initStd, int exactLimit, int aisRuns, int aisTemperatures,
		long fineTuneSteps) {

	static StackConfig of(ModelSpec model) {
		if (model instanceof RbmSpec rbm) {
			RbmSpec s = rbm.resolved();
			return new StackConfig(false, List.of(s.hidden()), s.visible(), s.binarize(), s.sampler(), s.k(),
					s.initStd(), s.exactLimit(), s.checkpointAisRuns(), s.checkpointAisTemperatures(), 0);
		}
		DbnSpec s = ((DbnSpec) model).resolved();
		return new StackConfig(true, s.layers(), s.visible(), s.binarize(), s.sampler(), s.k(), s.initStd(),
				s.exactLimit(), s.checkpointAisRuns(), s.checkpointAisTemperatures(), s.fineTuneSteps());
	}

	int layers() {
		return this.hidden.size();
	}

	Rbm.Visible visibleKind(int layer) {
		return layer == 0 && this.visible == RbmSpec.VisibleUnits.GAUSSIAN ? Rbm.Visible.GAUSSIAN
				: Rbm.Visible.BERNOULLI;
	}

	/** How the log-likelihood of an RBM or DBN is computed. */
	enum Likelihood {

		/** log Z by enumeration. */
		EXACT,
		/** log Z by annealed importance sampling. */
		AIS,
		/** Not available (Gaussian visible units with too many hidden units). */
		NONE

	}

	/**
	 * How the log Z of the top RBM of the first {@code layers} layers is found.
	 * @param inputSize the bottom layer's visible units
	 * @param layers the layers in the stack so far
	 */
	Likelihood likelihood(int inputSize, int layers) {
		int top = this.hidden.get(layers - 1);
		int below = layers == 1 ? inputSize : this.hidden.get(layers - 2);
		if (this.visible == RbmSpec.VisibleUnits.GAUSSIAN) {
			// exact over the hidden units of a single Gaussian RBM; no AIS or DBN bound
			return layers == 1 && top <= this.exactLimit ? Likelihood.EXACT : Likelihood.NONE;
		}
		return Math.min(top, below) <= this.exactLimit ? Likelihood.EXACT : Likelihood.AIS;
	}

	/** Whether checkpoints report a log-likelihood for the full stack. */
	boolean likelihoodAtCheckpoints(int inputSize) {
		Likelihood method = likelihood(inputSize, layers());
		return method == Likelihood.EXACT || (method == Likelihood.AIS && this.aisRuns > 0);
	}

}
