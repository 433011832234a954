package dev.latentforge.models.autoencoder;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ChainSampling;
import dev.latentforge.models.Corruption;
import dev.latentforge.models.Denoising;

/**
 * A trained denoising autoencoder: it cleans images, and it is a generative model through
 * the Markov chain of Bengio et al. (2013, "Generalized denoising auto-encoders as
 * generative models"), the lecture's slide: from x_t, corrupt x̃ ~ C(x̃ | x_t) with the
 * training corruption, then draw x_{t+1} ~ p(x | x̃) from the decoder's distribution, a
 * sample and not its mean: Bernoulli(x̂) per pixel for the cross-entropy decoder
 * ({@code bce}), or clip(x̂ + σ·ε, 0, 1) for the Gaussian decoder ({@code mse}, σ =
 * {@code outputSigma}; the clip keeps states in the data's range). x̂ is the decoder's
 * mean at the code of x̃; {@code images(true)} returns it. A chain without a start begins
 * from uniform noise in [0, 1].
 */
final class DenoisingAutoencoderModel extends AutoencoderModel implements Denoising, ChainSampling {

	private final int channels;

	private final int height;

	private final int width;

	DenoisingAutoencoderModel(AutoencoderSpec spec, Network network, NDManager manager, int channels, int height,
			int width) {
		super(spec, network, manager);
		this.channels = channels;
		this.height = height;
		this.width = width;
	}

	@Override
	public Corruption corruption() {
		return this.spec.corruption();
	}

	@Override
	public NDArray denoise(NDArray images) {
		return reconstruct(images);
	}

	@Override
	public Chain start(NDManager manager, int chains, NDArray start, Rng rng) {
		Shape shape = new Shape(chains, this.channels, this.height, this.width);
		NDArray state = start != null ? start.reshape(shape).duplicate()
				: manager.create(rng.uniform(0, "chain/start", Math.toIntExact(shape.size()), 0f, 1f), shape);
		return new DaeChain(state);
	}

	private final class DaeChain implements Chain {

		private NDArray state;

		private NDArray means;

		DaeChain(NDArray state) {
			this.state = state;
			this.means = state;
		}

		@Override
		public void step(long step, Rng rng) {
			NDArray corrupted = corruption().apply(this.state, rng, step, "chain/corrupt"); // [N,C,H,W]
			NDArray mean = reconstruct(corrupted); // [N, C, H, W] in the decoder's range
			float[] mu = mean.toFloatArray();
			float[] draw = new float[mu.length];
			SplittableRandom random = rng.at(step, "chain/draw");
			boolean bernoulli = DenoisingAutoencoderModel.this.spec.loss() == AutoencoderSpec.Loss.BCE;
			double sigma = bernoulli ? 0 : DenoisingAutoencoderModel.this.spec.outputSigma();
			for (int i = 0; i < mu.length; i++) {
				float m = Math.max(0f, Math.min(1f, mu[i]));
				mu[i] = m;
				draw[i] = bernoulli ? (random.nextDouble() < m ? 1f : 0f)
						: (float) Math.max(0, Math.min(1, m + sigma * random.nextGaussian()));
			}
			NDManager owner = this.state.getManager();
			NDArray next = owner.create(draw, this.state.getShape());
			NDArray nextMeans = owner.create(mu, this.state.getShape());
			corrupted.close();
			mean.close();
			replace(next, nextMeans);
		}

		/**
		 * Moves to the new state. Earlier states stay open (a caller may still hold
		 * frames); they belong to the chain's manager, which the caller closes after the
		 * request.
		 */
		private void replace(NDArray next, NDArray nextMeans) {
			this.state = next;
			this.means = nextMeans;
		}

		@Override
		public NDArray images(boolean means) {
			return means ? this.means : this.state;
		}

		@Override
		public void clamp(NDArray known, NDArray mask) {
			NDArray keep = mask.neg().add(1f);
			NDArray clampedState = this.state.mul(keep).add(known.mul(mask));
			NDArray clampedMeans = this.means.mul(keep).add(known.mul(mask));
			keep.close();
			replace(clampedState, clampedMeans);
		}

	}

}
