package dev.latentforge.models.autoencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.latentforge.engine.Rng;

/**
 * The training objective of every variant, per image and divided by the input size D so
 * that all variants share the plain autoencoder's per-pixel scale:
 * <ul>
 * <li>plain, denoising, convolutional, stacked: the reconstruction loss of
 * {@link ReconstructionLoss} (the denoising autoencoder encodes the corrupted input and
 * compares with the clean one);</li>
 * <li>sparse: (Σ_pixels reconstruction + β Σ_j KL(ρ ‖ ρ̂_j)) / D, i.e. the per-pixel
 * reconstruction plus {@link SparsityPenalty} / D;</li>
 * <li>variational (Kingma &amp; Welling 2014): −ELBO / D, with −ELBO = −log p(x | z) +
 * KL(q(z | x) ‖ N(0, I)), z = μ + σ·ε by the reparameterisation trick, ε ~ N(0, I) drawn
 * from the job's counter-based streams; −log p(x | z) is the summed cross-entropy for the
 * Bernoulli decoder ({@code bce}) or Σ (x − x̂)²/(2σ²) + D/2·log(2πσ²) for the Gaussian
 * decoder ({@code mse}, σ = {@code outputSigma}); KL = ½ Σ (μ² + σ² − 1 − log σ²).</li>
 * </ul>
 */
final class Objective {

	private final AutoencoderSpec spec;

	private final Network network;

	Objective(AutoencoderSpec spec, Network network) {
		this.spec = spec;
		this.network = network;
	}

	/**
	 * One evaluation of the objective.
	 *
	 * @param loss the scalar to minimise
	 * @param reconstruction per image: −log p(x | z) for a VAE, else the summed
	 * reconstruction loss
	 * @param kl per image KL(q ‖ p) of a VAE, or {@code null}
	 * @param estimate the sparse autoencoder's ρ̂ [code], or {@code null}
	 */
	record Terms(NDArray loss, NDArray reconstruction, NDArray kl, NDArray estimate) {
	}

	/**
	 * @param input [B, C, H, W] what the encoder sees (corrupted for a DAE)
	 * @param clean [B, C, H, W] the target
	 * @param rng the streams for the VAE's ε
	 * @param step the key of ε
	 * @param stream the stream of ε
	 * @param rhoHat the previous ρ̂ of a sparse autoencoder, or {@code null}
	 */
	Terms evaluate(ParameterStore store, NDArray input, NDArray clean, boolean training, Rng rng, long step,
			String stream, float[] rhoHat) {
		long batch = clean.getShape().get(0);
		int size = this.network.inputSize();
		NDArray target = clean.reshape(batch, size); // [B, D]
		NDArray out = this.network.encoderOutput(store, input, training); // [B, code] or
																			// [B, 2·code]
		if (this.spec.isVariational()) {
			int c = this.spec.codeSize();
			NDArray mu = out.get(":, 0:" + c); // [B, code]
			NDArray logVar = out.get(":, " + c + ":"); // [B, code]
			NDArray eps = clean.getManager()
				.create(rng.gaussian(step, stream, Math.toIntExact(batch * c), 1f), new Shape(batch, c));
			NDArray z = mu.add(logVar.mul(0.5f).exp().mul(eps)); // [B, code]
			NDArray logits = this.network.logits(store, z, training); // [B, D]
			NDArray nll = negativeLogLikelihood(logits, target); // [B]
			NDArray kl = mu.square().add(logVar.exp()).sub(1f).sub(logVar).sum(new int[] { 1 }).mul(0.5f); // [B]
			NDArray loss = nll.add(kl).mean().div(size);
			return new Terms(loss, nll, kl, null);
		}
		NDArray logits = this.network.logits(store, out, training); // [B, D]
		NDArray perPixel = switch (this.spec.loss()) {
			case BCE -> ReconstructionLoss.binaryCrossEntropyWithLogits(logits, target);
			case MSE -> ReconstructionLoss.meanSquaredError(output(logits), target);
		};
		NDArray loss = perPixel;
		NDArray estimate = null;
		if (this.spec.sparsity() != null) {
			SparsityPenalty.Result penalty = SparsityPenalty.of(out, rhoHat, this.spec.sparsity());
			loss = loss.add(penalty.penalty().div(size));
			estimate = penalty.estimate();
		}
		return new Terms(loss, perPixel.mul(size), null, estimate);
	}

	/** −log p(x | logits) per image, [B]. */
	NDArray negativeLogLikelihood(NDArray logits, NDArray target) {
		if (this.spec.loss() == AutoencoderSpec.Loss.BCE) {
			return logits.maximum(0f)
				.sub(logits.mul(target))
				.add(logits.abs().neg().exp().add(1f).log())
				.sum(new int[] { 1 });
		}
		double sigma = this.spec.outputSigma();
		long d = target.getShape().get(1);
		double constant = 0.5 * d * Math.log(2 * Math.PI * sigma * sigma);
		return output(logits).sub(target)
			.square()
			.sum(new int[] { 1 })
			.div((float) (2 * sigma * sigma))
			.add((float) constant);
	}

	/** The code a deterministic use takes: the code, or a VAE's posterior mean μ. */
	NDArray codes(ParameterStore store, NDArray images) {
		NDArray out = this.network.encoderOutput(store, images, false);
		return this.spec.isVariational() ? out.get(":, 0:" + this.spec.codeSize()) : out;
	}

	NDArray output(NDArray logits) {
		return Network.activate(this.spec.outputActivation(), logits);
	}

	/** [B, C, H, W] → the decoder's mean at the mean code, same shape. */
	NDArray reconstruct(ParameterStore store, NDArray images) {
		return output(this.network.logits(store, codes(store, images), false)).reshape(images.getShape());
	}

}
