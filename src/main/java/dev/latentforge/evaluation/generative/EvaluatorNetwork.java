package dev.latentforge.evaluation.generative;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.NamedParameters;
import dev.latentforge.engine.Rng;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.engine.nn.SafeConv2d;
import dev.latentforge.tensors.Tensor;

/**
 * The small classifier whose penultimate layer gives the feature space of the generative
 * metrics (our stand-in for Inception): two 3×3 convolutions (8 and 16 filters) with ReLU
 * and 2×2 max pooling, a dense layer of {@link #FEATURES} ReLU units (the features) and a
 * linear layer of class logits. Parameters are named like PyTorch's {@code nn.Sequential}
 * ({@code features.0.weight}, {@code head.weight}).
 */
public final class EvaluatorNetwork {

	/** The architecture's version; part of the cache key. */
	public static final int VERSION = 1;

	/** The width of the feature layer. */
	public static final int FEATURES = 64;

	private final SequentialBlock features = new SequentialBlock();

	private final SequentialBlock head = new SequentialBlock();

	private final Map<String, Parameter> parameters = new LinkedHashMap<>();

	private final ParameterStore store;

	private final int classes;

	/**
	 * Builds the network for images of a shape.
	 * @param channels C
	 * @param height H
	 * @param width W
	 * @param classes the number of classes
	 * @param manager owns the parameters
	 */
	public EvaluatorNetwork(int channels, int height, int width, int classes, NDManager manager) {
		this.classes = classes;
		// [B, C, H, W] -> [B, 8, H, W] -> [B, 8, H/2, W/2]
		this.features.add(new SafeConv2d(
				Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8)));
		this.features.add(Activation.reluBlock());
		this.features.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
		// -> [B, 16, H/2, W/2] -> [B, 16, H/4, W/4]
		this.features.add(new SafeConv2d(
				Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(16)));
		this.features.add(Activation.reluBlock());
		this.features.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
		// -> [B, 16·(H/4)·(W/4)] -> [B, 64] features
		this.features.add(Blocks.batchFlattenBlock());
		this.features.add(Linear.builder().setUnits(FEATURES).build());
		this.features.add(Activation.reluBlock());
		// -> [B, classes] logits
		this.head.add(Linear.builder().setUnits(classes).build());
		this.features.initialize(manager, DataType.FLOAT32, new Shape(1, channels, height, width));
		this.head.initialize(manager, DataType.FLOAT32, new Shape(1, FEATURES));
		this.parameters.putAll(NamedParameters.of("features", this.features));
		this.parameters.putAll(NamedParameters.of("head", this.head));
		this.store = new ParameterStore(manager, false);
	}

	/** He-scaled Glorot-uniform weights from the evaluation's streams, zero biases. */
	public void initialise(Rng rng) {
		this.parameters.forEach((name, parameter) -> {
			if (name.endsWith(".bias")) {
				Initialisation.constant(parameter, 0f);
			}
			else {
				Initialisation.glorotUniform(parameter, rng, name, name.startsWith("head") ? 1.0 : Math.sqrt(2.0));
			}
		});
	}

	public Map<String, Parameter> parameters() {
		return this.parameters;
	}

	public int classes() {
		return this.classes;
	}

	/** [B, C, H, W] images in [0, 1] → [B, FEATURES]. */
	public NDArray features(NDArray images, boolean training) {
		return this.features.forward(this.store, new NDList(images), training).singletonOrThrow();
	}

	/** [B, FEATURES] → [B, classes] logits. */
	public NDArray logits(NDArray features, boolean training) {
		return this.head.forward(this.store, new NDList(features), training).singletonOrThrow();
	}

	public Map<String, Tensor> state() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		this.parameters.forEach((name, parameter) -> out.put(name, NdTensors.toTensor(parameter.getArray())));
		return out;
	}

	public void load(Map<String, Tensor> saved) {
		Initialisation.load(this.parameters, saved);
	}

}
