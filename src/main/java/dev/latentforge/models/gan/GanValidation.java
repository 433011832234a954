package dev.latentforge.models.gan;

import java.util.ArrayList;
import java.util.List;

import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.web.FieldProblem;

/** The combinations of GAN options that cannot work, each rejected with its reason. */
final class GanValidation {

	private GanValidation() {
	}

	static List<FieldProblem> validate(GanSpec spec, DatasetInfo dataset, TrainingSpec training) {
		List<FieldProblem> problems = new ArrayList<>();
		boolean points = dataset.kind() == DatasetInfo.DatasetKind.POINTS;
		boolean dcgan = spec.architecture() == GanSpec.Architecture.DCGAN;
		GanLoss loss = spec.loss();
		if (dcgan && points) {
			problems.add(new FieldProblem("model.architecture",
					"a DCGAN convolves images; '" + dataset.id() + "' holds points: use the mlp architecture"));
		}
		if (dcgan && !points && dataset.height() != dataset.width()) {
			problems.add(new FieldProblem("model.architecture", "a DCGAN needs square images; '" + dataset.id()
					+ "' has " + dataset.height() + "x" + dataset.width()));
		}
		if (!dcgan && (spec.generatorNorm() == GanSpec.Norm.INSTANCE
				|| spec.discriminatorNorm() == GanSpec.Norm.INSTANCE)) {
			problems.add(new FieldProblem(
					spec.generatorNorm() == GanSpec.Norm.INSTANCE ? "model.generatorNorm" : "model.discriminatorNorm",
					"instance norm normalises each channel over its pixels and needs convolutional stages (dcgan)"));
		}
		if (spec.clip() != null && loss != GanLoss.WASSERSTEIN) {
			problems.add(new FieldProblem("model.clip", "weight clipping enforces the Lipschitz constraint of a "
					+ "Wasserstein critic; it needs loss 'wasserstein' (got '" + name(loss) + "')"));
		}
		if (spec.criticSteps() != null && !loss.wasserstein()) {
			problems.add(new FieldProblem("model.criticSteps",
					"criticSteps belongs to the Wasserstein losses; use dSteps for '" + name(loss) + "'"));
		}
		if (loss.wasserstein() && spec.dSteps() != 1) {
			problems.add(new FieldProblem("model.dSteps",
					"a Wasserstein critic's updates per generator update are set by criticSteps"));
		}
		if (spec.gradientPenalty() != null && loss != GanLoss.WASSERSTEIN_GP) {
			problems.add(new FieldProblem("model.gradientPenalty",
					"the gradient penalty belongs to loss 'wasserstein-gp' (got '" + name(loss) + "')"));
		}
		if (loss == GanLoss.WASSERSTEIN_GP && spec.discriminatorNorm() == GanSpec.Norm.BATCH) {
			problems.add(new FieldProblem("model.discriminatorNorm", "the gradient penalty of 'wasserstein-gp' "
					+ "is a per-example gradient norm, and batch norm makes each critic score depend on the whole "
					+ "batch (Gulrajani et al. 2017, §4): use 'instance', 'virtual-batch' or 'none' (the default)"));
		}
		if (spec.labelSmoothing() != null && loss.wasserstein()) {
			problems.add(new FieldProblem("model.labelSmoothing",
					"a Wasserstein critic has no labels to smooth; label smoothing needs a classifier loss"));
		}
		int stages = Discriminator.hiddenStages(spec, points ? 1 : dataset.height(), dataset.width());
		if (spec.featureLayer() != null) {
			if (loss != GanLoss.FEATURE_MATCHING) {
				problems.add(new FieldProblem("model.featureLayer",
						"featureLayer chooses the discriminator stage of loss 'feature-matching' (got '" + name(loss)
								+ "')"));
			}
			else if (spec.featureLayer() >= stages) {
				problems.add(new FieldProblem("model.featureLayer", "the discriminator has " + stages
						+ " hidden stages (0.." + (stages - 1) + "); got " + spec.featureLayer()));
			}
		}
		if (spec.conditional()) {
			boolean hasAttributes = dataset.attributes() != null && !dataset.attributes().isEmpty();
			if (!dataset.labelled() && !(spec.attributes() && hasAttributes)) {
				problems.add(new FieldProblem("model.conditional", "a conditional GAN needs labels or attributes; '"
						+ dataset.id() + "' has no classes" + (spec.attributes() ? " and no attributes" : "")));
			}
			if (spec.attributes() && !hasAttributes) {
				problems.add(new FieldProblem("model.attributes", "'" + dataset.id() + "' has no attributes"));
			}
		}
		if (spec.auxiliaryClassifier() != null && (!spec.conditional() || !dataset.labelled())) {
			problems.add(new FieldProblem("model.auxiliaryClassifier",
					"the auxiliary classifier predicts the label a conditional GAN was asked for; it needs "
							+ "conditional: true and a labelled data set"
							+ (dataset.labelled() ? "" : " ('" + dataset.id() + "' has no classes)")));
		}
		if (spec.attributes() && !spec.conditional()) {
			problems.add(new FieldProblem("model.attributes", "conditioning on attributes needs conditional: true"));
		}
		GanSpec.Symmetry symmetry = spec.symmetry();
		if (symmetry != GanSpec.Symmetry.NONE) {
			if (points) {
				problems.add(new FieldProblem("model.symmetry",
						"a symmetry turns or mirrors images; '" + dataset.id() + "' holds points: use 'none'"));
			}
			else if (symmetry.turns() && dataset.height() != dataset.width()) {
				problems.add(new FieldProblem("model.symmetry",
						"'" + symmetry.label() + "' turns images by 90°, which needs square images; '" + dataset.id()
								+ "' has " + dataset.height() + "x" + dataset.width() + " (use 'mirror' or 'none')"));
			}
			if (spec.latentSize() < symmetry.bits()) {
				problems.add(new FieldProblem("model.symmetry",
						"'" + symmetry.label() + "' chooses one of its " + (1 << symmetry.bits())
								+ " elements by the signs of z's first " + symmetry.bits()
								+ " components; latentSize is " + spec.latentSize()));
			}
		}
		boolean batchNorm = spec.generatorNorm() == GanSpec.Norm.BATCH
				|| spec.discriminatorNorm() == GanSpec.Norm.BATCH;
		if (batchNorm && training.batch() < 2) {
			problems.add(new FieldProblem("training.batchSize", "batch norm needs batches of at least 2"));
		}
		if (spec.replay() != null && spec.replay().capacityOrDefault() < training.batch()) {
			problems.add(new FieldProblem("model.replay.capacity",
					"the replay buffer must hold at least one batch (" + training.batch() + ")"));
		}
		if (spec.checkpointSwap() != null && spec.checkpointSwap().iterations() >= spec.checkpointSwap().every()) {
			problems.add(new FieldProblem("model.checkpointSwap.iterations",
					"must be smaller than 'every', so that the players mostly train against each other"));
		}
		long weights = weights(spec, dataset, stages);
		if (weights > 100_000_000L) {
			problems.add(new FieldProblem("model",
					"the two networks would have about " + weights + " weights; the limit is 100,000,000"));
		}
		return problems;
	}

	private static String name(GanLoss loss) {
		return loss.name().toLowerCase().replace('_', '-');
	}

	/** An estimate of both players' weight count. */
	private static long weights(GanSpec spec, DatasetInfo dataset, int stages) {
		long input = dataset.exampleSize();
		if (spec.architecture() == GanSpec.Architecture.MLP) {
			long total = 0;
			long previous = spec.latentSize();
			for (int w : spec.generatorLayers()) {
				total += previous * w;
				previous = w;
			}
			total += previous * input;
			previous = input;
			for (int w : spec.discriminatorLayers()) {
				total += previous * w;
				previous = w;
			}
			return total + previous;
		}
		long f = spec.filters();
		long total = 0;
		for (int s = 0; s < stages; s++) {
			long in = s == 0 ? dataset.channels() : f << (s - 1);
			total += 2 * 16 * in * (f << s);
		}
		long top = (f << Math.max(0, stages - 1)) * (long) dataset.height() * dataset.width() >> (2 * stages);
		return total + (spec.latentSize() + 1) * top;
	}

}
