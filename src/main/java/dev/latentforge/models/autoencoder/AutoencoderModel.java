package dev.latentforge.models.autoencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.latentforge.models.Autoencoding;
import dev.latentforge.models.LoadedModel;

/**
 * A trained autoencoder loaded for inference. The code of a VAE is its posterior mean μ.
 * Subclasses add the operations of the denoising and variational variants.
 */
class AutoencoderModel implements LoadedModel, Autoencoding {

	final Network network;

	final Objective objective;

	final AutoencoderSpec spec;

	private final NDManager manager;

	AutoencoderModel(AutoencoderSpec spec, Network network, NDManager manager) {
		this.spec = spec;
		this.network = network;
		this.objective = new Objective(spec, network);
		this.manager = manager;
	}

	ParameterStore store() {
		return new ParameterStore(this.manager, false);
	}

	@Override
	public int latentSize() {
		return this.spec.codeSize();
	}

	@Override
	public NDArray encode(NDArray images) {
		return this.objective.codes(store(), images);
	}

	@Override
	public NDArray decode(NDArray codes) {
		return this.objective.output(this.network.logits(store(), codes, false));
	}

	@Override
	public NDArray reconstruct(NDArray images) {
		return decode(encode(images)).reshape(images.getShape());
	}

	@Override
	public NDManager manager() {
		return this.manager;
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
