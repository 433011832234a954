package dev.latentforge.models.autoencoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.latentforge.models.Autoencoding;
import dev.latentforge.models.LoadedModel;

/** A trained dense autoencoder loaded for inference. */
final class AutoencoderModel implements LoadedModel, Autoencoding {

	private final AutoencoderNetwork network;

	private final NDManager manager;

	private final int codeSize;

	AutoencoderModel(AutoencoderNetwork network, NDManager manager, int codeSize) {
		this.network = network;
		this.manager = manager;
		this.codeSize = codeSize;
	}

	@Override
	public int latentSize() {
		return this.codeSize;
	}

	@Override
	public NDArray encode(NDArray images) {
		return this.network.encode(new ParameterStore(this.manager, false), images, false);
	}

	@Override
	public NDArray decode(NDArray codes) {
		return this.network.output(this.network.logits(new ParameterStore(this.manager, false), codes, false));
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
