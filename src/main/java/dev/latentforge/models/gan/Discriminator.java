package dev.latentforge.models.gan;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * The discriminator D (or Wasserstein critic): an example [B, C, H, W] or [B, d] (joined
 * with the encoded condition when conditional: concatenated to the flattened input of an
 * MLP, as K extra constant channels of a DCGAN's image) → one logit or score per example
 * [B, 1]. LeakyReLU(0.2) after every hidden stage; no normalisation on the input stage
 * (Radford et al.). In the DCGAN the condition enters every stage, as K constant planes
 * joined to each convolution's input, and through a projection term cᵀ·V·φ(x) added to
 * the output (Miyato &amp; Koyama 2018): with the condition at the input alone, a
 * conditional DCGAN on 16×16 shapes still ignored its label for a third of its samples
 * after 2,000 steps.
 * <p>
 * With an auxiliary classifier (AC-GAN), the condition enters through the projection term
 * only: the hidden stages see the image alone, and a second head reads the label from
 * those label-free features φ(x) ([B, labels] logits in {@link Pass#classLogits}). Were
 * the condition joined to the stages, the head could read the label from its own input
 * planes instead of from the image, and G would learn nothing from it.
 */
final class Discriminator {

	static final float SLOPE = 0.2f;

	private final GanSpec spec;

	final Net net;

	/** The number of labels the auxiliary classifier predicts (0 without one). */
	private final int labels;

	Discriminator(GanSpec spec, int labels, Net net) {
		this.spec = spec;
		this.labels = spec.auxiliaryClassifier() != null ? labels : 0;
		this.net = net;
	}

	/** The number of hidden stages (the range of {@code featureLayer}). */
	static int hiddenStages(GanSpec spec, int height, int width) {
		if (spec.architecture() == GanSpec.Architecture.MLP) {
			return spec.discriminatorLayers().size();
		}
		if (height != width) {
			return 1; // not a DCGAN input: validation reports it
		}
		return Math.max(1, Shapes.of(height, width).stages());
	}

	NDArray forward(NDArray x, NDArray conditions, Pass pass) {
		return this.spec.architecture() == GanSpec.Architecture.DCGAN ? dcgan(x, conditions, pass)
				: mlp(x, conditions, pass);
	}

	private NDArray mlp(NDArray x, NDArray conditions, Pass pass) {
		NDArray h = x.reshape(x.getShape().get(0), -1); // [B, D]
		if (conditions != null && this.labels == 0) {
			h = NDArrays.concat(new NDList(h, conditions), 1); // [B, D+K]
		}
		List<Integer> layers = this.spec.discriminatorLayers();
		for (int i = 0; i < layers.size(); i++) {
			String name = "d.fc" + i;
			h = Layers.linear(this.net, name, h, layers.get(i), Net.Init.GLOROT_RELU); // [B,
																						// layers[i]]
			if (i > 0) {
				h = Layers.norm(this.net, name + ".norm", h, this.spec.discriminatorNorm(), pass, false);
			}
			h = Activation.leakyRelu(h, SLOPE);
			pass.features.add(h);
		}
		NDArray out = Layers.linear(this.net, "d.out", h, 1, Net.Init.GLOROT); // [B, 1]
		if (this.labels > 0) {
			out = out.add(projection(h, conditions, Net.Init.GLOROT)); // [B, 1]
			pass.classLogits = Layers.linear(this.net, "d.classify", h, this.labels, Net.Init.GLOROT); // [B,
																										// labels]
		}
		return out;
	}

	private NDArray dcgan(NDArray x, NDArray conditions, Pass pass) {
		long b = x.getShape().get(0);
		long height = x.getShape().get(2);
		long width = x.getShape().get(3);
		NDArray h = x; // [B, C, H, W]
		boolean joined = conditions != null && this.labels == 0;
		if (joined) {
			long k = conditions.getShape().get(1);
			NDArray planes = conditions.reshape(b, k, 1, 1).broadcast(b, k, height, width); // [B,
																							// K,
																							// H,
																							// W]
			h = NDArrays.concat(new NDList(h, planes), 1); // [B, C+K, H, W]
		}
		Shapes shapes = Shapes.of((int) height, (int) width);
		int stages = shapes.stages();
		if (stages == 0) {
			h = Layers.conv(this.net, "d.conv0", h, this.spec.filters(), 3, 1, 1, Net.Init.NORMAL_002); // [B,
																										// f,
																										// H,
																										// W]
			h = Activation.leakyRelu(h, SLOPE);
			pass.features.add(h);
		}
		for (int stage = 0; stage < stages; stage++) {
			String name = "d.conv" + stage;
			if (stage > 0 && joined) {
				h = withPlanes(h, conditions); // [B, f·2^(stage−1) + K, ., .]
			}
			h = Layers.conv(this.net, name, h, shapes.discriminatorFilters(this.spec.filters(), stage), 4, 2, 1,
					Net.Init.NORMAL_002); // [B, f·2^stage, H/2^(stage+1), W/2^(stage+1)]
			if (stage > 0) {
				h = Layers.norm(this.net, name + ".norm", h, this.spec.discriminatorNorm(), pass, true);
			}
			h = Activation.leakyRelu(h, SLOPE);
			pass.features.add(h);
		}
		h = h.reshape(b, -1); // [B, f·2^(k−1)·s·s]
		NDArray out = Layers.linear(this.net, "d.out", h, 1, Net.Init.NORMAL_002); // [B,
																					// 1]
		if (conditions != null) {
			out = out.add(projection(h, conditions, Net.Init.NORMAL_002)); // [B, 1]
		}
		if (this.labels > 0) {
			pass.classLogits = Layers.linear(this.net, "d.classify", h, this.labels, Net.Init.NORMAL_002); // [B,
																											// labels]
		}
		return out;
	}

	/**
	 * The projection term (Miyato &amp; Koyama 2018) cᵀ·V·φ(x) [B, 1], a direct check of
	 * whether the features φ(x) [B, F] agree with the condition c [B, K].
	 */
	private NDArray projection(NDArray h, NDArray conditions, Net.Init init) {
		NDArray projected = Layers.linear(this.net, "d.project", h, (int) conditions.getShape().get(1), init); // [B,
																												// K]
		return projected.mul(conditions).sum(new int[] { 1 }, true);
	}

	/** Joins the condition to a feature map as K constant planes. */
	static NDArray withPlanes(NDArray h, NDArray conditions) {
		long b = h.getShape().get(0);
		long k = conditions.getShape().get(1);
		NDArray planes = conditions.reshape(b, k, 1, 1).broadcast(b, k, h.getShape().get(2), h.getShape().get(3));
		return NDArrays.concat(new NDList(h, planes), 1);
	}

}
