package dev.latentforge.models.gan;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * The generator G: z [B, latent] (joined with the encoded condition [B, K] when
 * conditional, Mirza &amp; Osindero; a DCGAN also joins it as K constant planes to every
 * transposed convolution's input) → an example. Images come out of tanh in [−1, 1] (the
 * data are scaled to [−1, 1] for D), then turned or mirrored by the spec's
 * {@link GanSpec.Symmetry}; points come out of a linear layer in the data's units.
 */
final class Generator {

	private final GanSpec spec;

	private final int channels;

	private final int height;

	private final int width;

	private final boolean points;

	final Net net;

	Generator(GanSpec spec, int channels, int height, int width, boolean points, Net net) {
		this.spec = spec;
		this.channels = channels;
		this.height = height;
		this.width = width;
		this.points = points;
		this.net = net;
	}

	/**
	 * Maps latents (and conditions) to examples: [B, C, H, W] in [−1, 1], or [B, d]
	 * points.
	 */
	NDArray forward(NDArray latents, NDArray conditions, Pass pass) {
		NDArray x = conditions == null ? latents : NDArrays.concat(new NDList(latents, conditions), 1); // [B,
																										// z+K]
		NDArray out = this.spec.architecture() == GanSpec.Architecture.DCGAN ? dcgan(x, conditions, pass)
				: mlp(x, pass);
		return this.points ? out : ImageSymmetry.apply(this.spec.symmetry(), out, latents);
	}

	private NDArray mlp(NDArray x, Pass pass) {
		List<Integer> layers = this.spec.generatorLayers();
		NDArray h = x;
		for (int i = 0; i < layers.size(); i++) {
			String name = "g.fc" + i;
			h = Layers.linear(this.net, name, h, layers.get(i), Net.Init.GLOROT_RELU); // [B,
																						// layers[i]]
			h = Layers.norm(this.net, name + ".norm", h, this.spec.generatorNorm(), pass, false);
			h = Activation.relu(h);
			pass.features.add(h);
		}
		int out = this.channels * this.height * this.width;
		h = Layers.linear(this.net, "g.out", h, out, Net.Init.GLOROT); // [B, C·H·W]
		if (this.points) {
			return h; // [B, d]
		}
		return h.tanh().reshape(-1, this.channels, this.height, this.width); // [B, C, H,
																				// W]
	}

	private NDArray dcgan(NDArray x, NDArray conditions, Pass pass) {
		Shapes shapes = Shapes.of(this.height, this.width);
		int s = shapes.start();
		int stages = shapes.stages();
		if (stages == 0) {
			// a 4x4 (or odd-sized) image: the projection is the whole generator
			NDArray out = Layers.linear(this.net, "g.project", x, this.channels * s * s, Net.Init.NORMAL_002); // [B,
																												// C·s·s]
			return out.tanh().reshape(-1, this.channels, s, s); // [B, C, s, s]
		}
		int filters = this.spec.filters() << (stages - 1);
		NDArray h = Layers.linear(this.net, "g.project", x, filters * s * s, Net.Init.NORMAL_002); // [B,
																									// f·2^(k−1)·s·s]
		h = h.reshape(-1, filters, s, s); // [B, f·2^(k−1), s, s]
		h = Layers.norm(this.net, "g.project.norm", h, this.spec.generatorNorm(), pass, true);
		h = Activation.relu(h);
		pass.features.add(h);
		for (int stage = 1; stage < stages; stage++) {
			filters /= 2;
			String name = "g.up" + stage;
			if (conditions != null) {
				h = Discriminator.withPlanes(h, conditions); // [B, 2·filters + K, ., .]
			}
			h = Layers.upsample(this.net, name, h, filters); // [B, f·2^(k−1−stage),
																// s·2^stage,
																// s·2^stage]
			h = Layers.norm(this.net, name + ".norm", h, this.spec.generatorNorm(), pass, true);
			h = Activation.relu(h);
			pass.features.add(h);
		}
		if (conditions != null) {
			h = Discriminator.withPlanes(h, conditions); // [B, filters + K, H/2, W/2]
		}
		h = Layers.upsample(this.net, "g.out", h, this.channels); // [B, C, H, W]
		return h.tanh();
	}

}
