package dev.latentforge.models.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.GradMode;

/**
 * The two players of one GAN and the forward passes the trainer and the loaded model
 * share, including virtual batch norm's reference passes: G's reference batch is a fixed
 * set of latents (and conditions), D's a fixed batch of real examples, both chosen at the
 * start of training and stored as buffers so a checkpoint carries them.
 */
final class Players {

	/** The size of virtual batch norm's reference batches. */
	static final int REFERENCE = 64;

	final GanSpec spec;

	final Generator generator;

	final Discriminator discriminator;

	final int conditionSize;

	/** The labels among the condition's entries (its first ones). */
	final int labels;

	final boolean points;

	final int channels;

	final int height;

	final int width;

	private Players(GanSpec spec, boolean points, int channels, int height, int width, int conditionSize, int labels,
			NDManager manager) {
		this.spec = spec;
		this.conditionSize = conditionSize;
		this.labels = labels;
		this.points = points;
		this.channels = points ? 1 : channels;
		this.height = points ? 1 : height;
		this.width = width;
		this.generator = new Generator(spec, this.channels, this.height, this.width, this.points, new Net(manager));
		this.discriminator = new Discriminator(spec, labels, new Net(manager));
	}

	/**
	 * Builds both players and creates their parameters with a dry forward pass.
	 * @param spec the resolved spec
	 * @param info the data set
	 * @param conditionSize the encoded condition's length (0 when unconditional)
	 * @param labels how many of the condition's first entries are the one-hot label
	 * @param manager the manager that owns the arrays
	 */
	static Players build(GanSpec spec, DatasetInfo info, int conditionSize, int labels, NDManager manager) {
		boolean points = info.kind() == DatasetInfo.DatasetKind.POINTS;
		return build(spec, points, info.channels(), info.height(), info.width(), conditionSize, labels, manager);
	}

	/**
	 * Builds both players for an example geometry.
	 * @param points whether examples are points [d] (width = d)
	 */
	static Players build(GanSpec spec, boolean points, int channels, int height, int width, int conditionSize,
			int labels, NDManager manager) {
		Players players = new Players(spec, points, channels, height, width, conditionSize, labels, manager);
		GradMode.off(() -> {
			try (NDManager scratch = manager.newSubManager()) {
				if (spec.generatorNorm() == GanSpec.Norm.VIRTUAL_BATCH) {
					players.generator.net.buffer("g.vbn.reference_latents", new Shape(REFERENCE, spec.latentSize()),
							0f);
					if (conditionSize > 0) {
						players.generator.net.buffer("g.vbn.reference_conditions", new Shape(REFERENCE, conditionSize),
								0f);
					}
				}
				if (spec.discriminatorNorm() == GanSpec.Norm.VIRTUAL_BATCH) {
					players.discriminator.net.buffer("d.vbn.reference", players.exampleShape(REFERENCE), 0f);
					if (conditionSize > 0) {
						players.discriminator.net.buffer("d.vbn.reference_conditions",
								new Shape(REFERENCE, conditionSize), 0f);
					}
				}
				NDArray z = scratch.zeros(new Shape(2, spec.latentSize()));
				NDArray c = conditionSize > 0 ? scratch.zeros(new Shape(2, conditionSize)) : null;
				NDArray fake = players.generate(z, c, false);
				players.discriminate(fake, c, false);
			}
		});
		return players;
	}

	/** [B, C, H, W] for images, [B, d] for points. */
	Shape exampleShape(long batch) {
		return this.points ? new Shape(batch, this.width) : new Shape(batch, this.channels, this.height, this.width);
	}

	/** G's output: [B, C, H, W] in [−1, 1], or [B, d] points. */
	NDArray generate(NDArray latents, NDArray conditions, boolean training) {
		return generate(this.generator, latents, conditions, training);
	}

	NDArray generate(Generator g, NDArray latents, NDArray conditions, boolean training) {
		Pass pass = training ? Pass.training() : Pass.inference();
		if (this.spec.generatorNorm() == GanSpec.Norm.VIRTUAL_BATCH) {
			Pass reference = Pass.reference(training);
			g.forward(g.net.buffer("g.vbn.reference_latents"), g.net.buffer("g.vbn.reference_conditions"), reference);
			pass = Pass.withReference(training, reference);
		}
		return g.forward(latents, conditions, pass);
	}

	/**
	 * D's pass over a batch (D's input scale: images in [−1, 1]); logits or scores [B,
	 * 1].
	 */
	Pass discriminate(NDArray x, NDArray conditions, boolean training) {
		return discriminate(this.discriminator, x, conditions, training);
	}

	/** The pass, with the output appended as its last feature. */
	Pass discriminate(Discriminator d, NDArray x, NDArray conditions, boolean training) {
		Pass pass = training ? Pass.training() : Pass.inference();
		if (this.spec.discriminatorNorm() == GanSpec.Norm.VIRTUAL_BATCH) {
			Pass reference = Pass.reference(training);
			d.forward(d.net.buffer("d.vbn.reference"), d.net.buffer("d.vbn.reference_conditions"), reference);
			pass = Pass.withReference(training, reference);
		}
		NDArray out = d.forward(x, conditions, pass);
		pass.features.add(out);
		return pass;
	}

	/** A new pair of players with the same structure (for checkpoint swapping). */
	Players twin(NDManager manager) {
		return build(this.spec, this.points, this.channels, this.height, this.width, this.conditionSize, this.labels,
				manager);
	}

	static NDArray output(Pass pass) {
		return pass.features.get(pass.features.size() - 1);
	}

}
