package dev.latentforge.models.gan;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.ModelSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A generative adversarial network: a generator G (latent z ~ N(0, I) [+ condition] to an
 * example) and a discriminator or critic D, trained against each other. Every default
 * lives in {@link #resolved(DatasetInfo)}; unknown fields are rejected.
 *
 * @param architecture {@code mlp} (Goodfellow et al. 2014; Mirza &amp; Osindero 2014) or
 * {@code dcgan} (Radford et al. 2016, images only); default dcgan for images, mlp for
 * points
 * @param latentSize the length of z; default 100 for images, 16 for points
 * @param generatorLayers MLP generator hidden widths; default [1200, 1200] for images
 * (Goodfellow et al.'s MNIST generator), [128, 128] for points
 * @param discriminatorLayers MLP discriminator hidden widths; default [240, 240] for
 * images (Goodfellow et al.'s and Mirza &amp; Osindero's 240-unit layers, with LeakyReLU
 * instead of maxout), [128, 128] for points
 * @param filters DCGAN: filters of D's first convolution and G's last hidden stage,
 * doubled per stage (default 64)
 * @param loss the objective, by name (see {@link GanLoss})
 * @param featureLayer feature matching: the index of D's hidden stage whose mean
 * activations G matches (default its last)
 * @param clip Wasserstein: the critic's weights are clipped to [−c, c] after every critic
 * update (default 0.01)
 * @param criticSteps Wasserstein: critic updates per generator update (default 5)
 * @param gradientPenalty wasserstein-gp: the penalty weight λ of λ·E[(‖∇ₓ̂ C(x̂)‖₂ − 1)²]
 * at random interpolates x̂ between real and fake examples (default 10, Gulrajani et al.
 * 2017); only with that loss, which clips no weights
 * @param dSteps discriminator updates per generator update (default 1)
 * @param generator the generator's optimizer (default Adam, lr 2e-4, β = (0.5, 0.999))
 * @param discriminator the discriminator's optimizer (same defaults)
 * @param conditional condition G and D on the data set's labels (Mirza &amp; Osindero)
 * @param attributes condition on the data set's attributes too (numeric ones binned
 * low/medium/high)
 * @param conditionDropout the probability that each part of a training example's
 * condition (label, each attribute) is dropped to zeros, so zeros come to mean "any"
 * @param generatorNorm normalisation in G's hidden stages
 * @param discriminatorNorm normalisation in D's hidden stages (never on D's input stage);
 * default batch for a DCGAN, none for an MLP and for a {@code wasserstein-gp} critic
 * (whose gradient penalty is per example, which batch norm breaks: refused)
 * @param labelSmoothing one-sided label smoothing: the real target (e.g. 0.9); off when
 * absent
 * @param separateBatches show D the real and the fake batch in separate forward passes,
 * so batch norm never mixes them
 * @param historicalAveraging historical averaging weight λ; off when absent
 * @param replay experience replay; off when absent
 * @param checkpointSwap checkpoint swapping; off when absent
 * @param auxiliaryClassifier conditional GANs on labelled data: the weight w of an
 * auxiliary classifier (Odena et al. 2017, AC-GAN). D gets a second head that predicts
 * the label from its last hidden features; D adds w · cross-entropy of that head on the
 * real batch, and G adds w · cross-entropy of the head on its fakes against the labels it
 * was asked for. The adversarial loss alone only asks whether an image and its label look
 * like a real pair; the auxiliary term asks G directly for images whose class can be read
 * off, which is what conditional accuracy measures. Off when absent
 * @param symmetry images only: the symmetries the data's distribution is known to have,
 * built into G (see {@link Symmetry}); default none
 * @param vocabulary read-only: the data set's full condition vocabulary, recorded when a
 * conditional job is submitted so the trained model can state what it understands (a
 * class selection narrows the labels at training time)
 */
@JsonTypeName("gan")
@Schema(name = "GanSpec", description = "Generative adversarial network (model.type = gan)")
public record GanSpec(Architecture architecture, @Positive @Max(4096) Integer latentSize,
		@Size(min = 1, max = 8) List<@NotNull @Positive @Max(8192) Integer> generatorLayers,
		@Size(min = 1, max = 8) List<@NotNull @Positive @Max(8192) Integer> discriminatorLayers,
		@Positive @Max(512) Integer filters, @Schema(defaultValue = "non-saturating") GanLoss loss,
		@Min(0) Integer featureLayer, @Positive @DecimalMax("10") Double clip, @Positive @Max(100) Integer criticSteps,
		@Schema(description = "wasserstein-gp only: the gradient penalty weight λ (default 10)") @Positive @DecimalMax("1000") Double gradientPenalty,
		@Positive @Max(100) Integer dSteps, @Valid OptimizerSpec generator, @Valid OptimizerSpec discriminator,
		Boolean conditional, Boolean attributes,
		@DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double conditionDropout, Norm generatorNorm,
		Norm discriminatorNorm,
		@DecimalMin(value = "0.5", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double labelSmoothing,
		Boolean separateBatches, @Positive @DecimalMax("1000") Double historicalAveraging, @Valid Replay replay,
		@Valid Swap checkpointSwap,
		@Schema(description = "conditional GANs on labelled data: the weight of the AC-GAN auxiliary classifier loss (Odena et al. 2017); off when absent") @Positive @DecimalMax("100") Double auxiliaryClassifier,
		@Schema(description = "images only: symmetries of the data's distribution built into the generator, which turns or mirrors each image by one of them, chosen by the signs of z's first components (default none)") Symmetry symmetry,
		@Schema(accessMode = Schema.AccessMode.READ_ONLY,
				description = "filled in by the service: the data set's labels and attributes a conditional model is trained on") ConditionVocabulary vocabulary)
		implements
			ModelSpec {

	/** The two architectures. */
	public enum Architecture {

		@JsonProperty("mlp")
		MLP, @JsonProperty("dcgan")
		DCGAN

	}

	/**
	 * Normalisation of hidden stages. {@code batch}: batch norm (Ioffe &amp; Szegedy
	 * 2015), as DCGAN uses it to keep deep players training. {@code virtual-batch}: each
	 * example is normalised with the statistics of a reference batch fixed at the start
	 * plus itself (Salimans et al. 2016), so an example's output never depends on the
	 * other examples of its batch. {@code instance}: each example and channel normalised
	 * over its own pixels (Ulyanov et al. 2016; convolutional stages only), also free of
	 * batch coupling. {@code none}.
	 */
	public enum Norm {

		@JsonProperty("batch")
		BATCH, @JsonProperty("virtual-batch")
		VIRTUAL_BATCH, @JsonProperty("instance")
		INSTANCE, @JsonProperty("none")
		NONE

	}

	/**
	 * Symmetries of the data's distribution, built into G: G's image is turned or
	 * mirrored by one element of the group, chosen by the signs of z's first components
	 * (one component per bit, so the choice is a function of the latent and generation
	 * stays reproducible). When the data are as likely in every orientation of the group
	 * (microscopy and histology tiles, satellite images, the built-in {@code shapes}), G
	 * then needs to draw only one orientation in 2, 4 or 8 and the group supplies the
	 * rest; a group-equivariant generator does this by construction (Dey et al. 2021,
	 * "Group equivariant generative adversarial networks"). It matters most for turned
	 * shapes: on {@code shapes}, a small conditional DCGAN that had to draw every
	 * rotation drew some squares rounded and some triangles with extra lobes, as if
	 * blending two rotations, and stopped at about 95% conditional accuracy; trained on
	 * upright shapes only, or with {@code dihedral}, it passed 98% (see the README). The
	 * symmetry must hold for every condition too. Wrong for data with an up or a
	 * handedness (digits, where a turned 6 is a 9; chest X-rays, whose heart is on one
	 * side) and for conditions on position or orientation ({@code shapes}' x, y and
	 * rotation attributes).
	 * <ul>
	 * <li>{@code none}: G's image as it is;</li>
	 * <li>{@code mirror}: left-right mirror images (z₀ &gt; 0 mirrors), for any images;
	 * </li>
	 * <li>{@code rotations}: turns by 0°, 90°, 180°, 270° (z₀ &gt; 0 turns by 90°, z₁
	 * &gt; 0 by 180° more), square images only;</li>
	 * <li>{@code dihedral}: the 8 symmetries of the square, turns and mirror images (z₀
	 * &gt; 0 mirrors in the main diagonal, then z₁ &gt; 0 flips top to bottom, then z₂
	 * &gt; 0 left to right), square images only.</li>
	 * </ul>
	 */
	public enum Symmetry {

		@JsonProperty("none")
		NONE(0), @JsonProperty("mirror")
		MIRROR(1), @JsonProperty("rotations")
		ROTATIONS(2), @JsonProperty("dihedral")
		DIHEDRAL(3);

		private final int bits;

		Symmetry(int bits) {
			this.bits = bits;
		}

		/**
		 * The latent components whose signs choose the element: log2 of the group's
		 * order.
		 */
		public int bits() {
			return this.bits;
		}

		/** Whether its elements turn the image, which a square image needs. */
		public boolean turns() {
			return this == ROTATIONS || this == DIHEDRAL;
		}

		/** Its name in the API. */
		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * Experience replay (Pfau &amp; Vinyals 2016; Shrivastava et al. 2017): D also sees
	 * fakes from earlier generators, kept in a buffer, so G cannot escape by hopping
	 * between modes D has forgotten.
	 *
	 * @param fraction the share of each fake batch drawn from the buffer
	 * @param capacity the buffer's size in examples
	 */
	public record Replay(@NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1",
			inclusive = false) Double fraction, @Positive @Max(100_000) Integer capacity) {

		public int capacityOrDefault() {
			return this.capacity != null ? this.capacity : 1024;
		}

	}

	/**
	 * Checkpoint swapping (the lecture's trick): every {@code every} steps, for
	 * {@code iterations} steps, D trains against a snapshot of G taken at the previous
	 * swap and G against the matching snapshot of D, which breaks cycles in which each
	 * player only chases the other's latest move.
	 *
	 * @param every steps between swaps
	 * @param iterations steps trained against the old players
	 */
	public record Swap(@NotNull @Positive Integer every, @NotNull @Positive Integer iterations) {
	}

	/** This spec with every default filled in for a data set. */
	public GanSpec resolved(DatasetInfo dataset) {
		boolean points = dataset != null && dataset.kind() == DatasetInfo.DatasetKind.POINTS;
		Architecture arch = this.architecture != null ? this.architecture
				: (points ? Architecture.MLP : Architecture.DCGAN);
		GanLoss l = this.loss != null ? this.loss : GanLoss.NON_SATURATING;
		boolean wasserstein = l.wasserstein();
		Norm defaultNorm = arch == Architecture.DCGAN ? Norm.BATCH : Norm.NONE;
		OptimizerSpec playerDefaults = playerDefaults(l);
		return new GanSpec(arch, this.latentSize != null ? this.latentSize : (points ? 16 : 100),
				this.generatorLayers != null ? List.copyOf(this.generatorLayers)
						: (points ? List.of(128, 128) : List.of(1200, 1200)),
				this.discriminatorLayers != null ? List.copyOf(this.discriminatorLayers)
						: (points ? List.of(128, 128) : List.of(240, 240)),
				this.filters != null ? this.filters : 64, l, this.featureLayer,
				this.clip != null ? this.clip : (l == GanLoss.WASSERSTEIN ? 0.01 : null),
				this.criticSteps != null ? this.criticSteps : (wasserstein ? 5 : null),
				this.gradientPenalty != null ? this.gradientPenalty : (l == GanLoss.WASSERSTEIN_GP ? 10.0 : null),
				this.dSteps != null ? this.dSteps : 1,
				(this.generator != null ? this.generator : EMPTY).resolvedWith(playerDefaults),
				(this.discriminator != null ? this.discriminator : EMPTY).resolvedWith(playerDefaults),
				this.conditional != null ? this.conditional : false, this.attributes != null ? this.attributes : false,
				this.conditionDropout != null ? this.conditionDropout : 0.1,
				this.generatorNorm != null ? this.generatorNorm : defaultNorm,
				this.discriminatorNorm != null ? this.discriminatorNorm
						: (l == GanLoss.WASSERSTEIN_GP ? Norm.NONE : defaultNorm),
				this.labelSmoothing, this.separateBatches != null ? this.separateBatches : true,
				this.historicalAveraging, this.replay, this.checkpointSwap, this.auxiliaryClassifier,
				this.symmetry != null ? this.symmetry : Symmetry.NONE, vocabularyFor(dataset));
	}

	private ConditionVocabulary vocabularyFor(DatasetInfo dataset) {
		boolean isConditional = this.conditional != null && this.conditional;
		if (!isConditional) {
			return null;
		}
		if (dataset == null) {
			return this.vocabulary;
		}
		return ConditionVocabulary.of(dataset, this.attributes != null && this.attributes);
	}

	private static final OptimizerSpec EMPTY = new OptimizerSpec(null, null, null, null, null, null, null);

	/**
	 * Each player's optimizer defaults: Adam with lr 2e-4 and β1 = 0.5 (Radford et al.);
	 * for the Wasserstein losses lr 1e-4, β = (0, 0.9) (Gulrajani et al. 2017; the WGAN
	 * paper's RMSProp is not available on this engine, and momentum-free Adam is its
	 * nearest kin).
	 */
	static OptimizerSpec playerDefaults(GanLoss loss) {
		if (loss.wasserstein()) {
			return new OptimizerSpec(OptimizerSpec.Type.ADAM, 1e-4, List.of(0.0, 0.9), null, null, null, null)
				.resolved();
		}
		return new OptimizerSpec(OptimizerSpec.Type.ADAM, 2e-4, List.of(0.5, 0.999), null, null, null, null).resolved();
	}

	/**
	 * D updates per G update: {@code criticSteps} for Wasserstein losses, else
	 * {@code dSteps}.
	 */
	public int discriminatorSteps() {
		return this.loss.wasserstein() ? this.criticSteps : this.dSteps;
	}

}
