package dev.latentforge.models.classifier;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.latentforge.models.Classifying;
import dev.latentforge.models.LoadedModel;

/** A trained classifier loaded for inference. */
final class ClassifierModel implements LoadedModel, Classifying {

	private final ClassifierNetwork network;

	private final NDManager manager;

	private final List<String> classes;

	ClassifierModel(ClassifierNetwork network, NDManager manager, List<String> classes) {
		this.network = network;
		this.manager = manager;
		this.classes = classes;
	}

	@Override
	public List<String> classes() {
		return this.classes;
	}

	@Override
	public NDArray probabilities(NDArray images) {
		return this.network.logits(new ParameterStore(this.manager, false), images, false, false).softmax(1);
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
