package dev.latentforge.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.latentforge.engine.Rng;

/**
 * The operation of a model that samples by running a Markov chain: Gibbs sampling in an
 * RBM or a DBN's top RBM, the corrupt-and-reconstruct chain of a denoising autoencoder.
 * The service runs the chains ({@code POST /models/{id}/sample}), keeps every
 * {@code thin}-th frame after burn-in, clamps known pixels when the caller gives masks,
 * and computes the convergence diagnostics; the model only makes transitions. All
 * randomness comes from the {@link Rng} the service passes, keyed by step, so a seeded
 * request is reproducible.
 */
public interface ChainSampling {

	/**
	 * Starts {@code chains} chains.
	 * @param manager the manager that owns the chain's arrays
	 * @param chains the number of chains
	 * @param start float32 [chains, C, H, W] images in [0, 1] to start from, or
	 * {@code null} to start from the model's own initial distribution
	 * @param rng the request's random numbers
	 * @return the chains' state
	 */
	Chain start(NDManager manager, int chains, NDArray start, Rng rng);

	/**
	 * Whether {@link Chain#clamp} is supported (a chain whose state holds the pixels).
	 */
	default boolean supportsClamping() {
		return true;
	}

	/** The state of a batch of chains. */
	interface Chain {

		/**
		 * Makes one transition of every chain. The service calls it inside an
		 * {@link ai.djl.ndarray.NDScope} that frees what the step created when it
		 * returns, except the arrays {@link #images} then returns (the caller keeps them,
		 * and closes them once the chain has moved on): state beyond the images (an RBM's
		 * hidden units) the chain keeps with {@code NDScope.unregister}.
		 * @param step the 1-based step, for keying the random numbers
		 * @param rng the request's random numbers
		 */
		void step(long step, Rng rng);

		/**
		 * The chains' current visible state as float32 [chains, C, H, W] in [0, 1]: the
		 * sample itself, or with {@code means} the mean of the distribution it was drawn
		 * from (for viewing).
		 */
		NDArray images(boolean means);

		/**
		 * Sets the pixels where {@code mask} is 1 to {@code known}, in the state and in
		 * the means, so the next transition conditions on them.
		 * @param known float32 [chains, C, H, W]
		 * @param mask float32 [chains, C, H, W] of 0 and 1
		 */
		void clamp(NDArray known, NDArray mask);

	}

}
