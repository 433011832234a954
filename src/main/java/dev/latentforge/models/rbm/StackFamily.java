package dev.latentforge.models.rbm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.GradMode;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.QualityMetric;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.web.FieldProblem;

/**
 * What the RBM and DBN families share: validation, capabilities, the trainer, loading and
 * the evaluator. An RBM is a stack of one layer.
 */
abstract class StackFamily implements ModelFamily {

	private static final long MAX_WEIGHTS = 200_000_000L;

	@Override
	public List<FieldProblem> validate(ModelSpec model, DatasetInfo dataset, TrainingSpec training) {
		StackConfig config = StackConfig.of(model);
		List<FieldProblem> problems = new ArrayList<>();
		String what = config.dbn() ? "a deep belief net" : "an RBM";
		if (config.visible() == RbmSpec.VisibleUnits.BERNOULLI && dataset.kind() != DatasetInfo.DatasetKind.IMAGES) {
			problems.add(new FieldProblem("model.visible", "Bernoulli visible units need an image data set with values "
					+ "in [0, 1]; '" + dataset.id() + "' holds points: use gaussian visible units"));
		}
		if (config.visible() == RbmSpec.VisibleUnits.GAUSSIAN && config.binarize() != RbmSpec.Binarization.NONE) {
			problems.add(new FieldProblem("model.binarize",
					"Gaussian visible units take real values: binarize must be none (or absent), not "
							+ config.binarize().name().toLowerCase()));
		}
		long weights = 0;
		int below = dataset.exampleSize();
		for (int width : config.hidden()) {
			weights += (long) below * width;
			below = width;
		}
		if (weights > MAX_WEIGHTS) {
			problems.add(new FieldProblem(config.dbn() ? "model.layers" : "model.hidden",
					what + " of " + weights + " weights; the limit is 200,000,000"));
		}
		long steps = training.maxSteps();
		if (config.fineTuneSteps() > 0) {
			if (!dataset.labelled()) {
				problems.add(new FieldProblem("model.fineTuneSteps",
						"fine-tuning a classifier needs labels; data set '" + dataset.id() + "' has no classes"));
			}
			if (config.fineTuneSteps() > steps - config.layers()) {
				problems.add(new FieldProblem("model.fineTuneSteps",
						"fine-tuning takes " + config.fineTuneSteps() + " of the job's " + steps
								+ " steps; leave at least one step for each of the " + config.layers() + " layers"));
			}
		}
		else if (steps < config.layers()) {
			problems.add(new FieldProblem("training.maxSteps",
					what + " of " + config.layers() + " layers needs at least one step per layer"));
		}
		return problems;
	}

	@Override
	public Set<String> capabilities(ModelSpec spec) {
		StackConfig config = StackConfig.of(spec);
		Set<String> out = new LinkedHashSet<>();
		out.add(Capabilities.SAMPLE);
		if (!config.dbn()) {
			out.add(Capabilities.INPAINT);
		}
		out.add(Capabilities.TRANSFORM);
		out.add(Capabilities.FILTERS);
		if (config.fineTuneSteps() > 0) {
			out.add(Capabilities.CLASSIFY);
		}
		out.add(Capabilities.EXPORT);
		out.add(Capabilities.EVALUATE);
		return out;
	}

	/**
	 * The log-likelihood (an RBM's, or a DBN's lower bound) when checkpoints compute it;
	 * for a fine-tuned DBN the classifier's accuracy; otherwise the pseudo-log-likelihood
	 * (Bernoulli) or the reconstruction error (Gaussian).
	 */
	@Override
	public QualityMetric qualityMetric(ModelSpec spec) {
		StackConfig config = StackConfig.of(spec);
		if (config.fineTuneSteps() > 0) {
			return new QualityMetric("test_accuracy", false);
		}
		boolean gaussian = config.visible() == RbmSpec.VisibleUnits.GAUSSIAN;
		boolean smallTop = config.hidden().get(config.layers() - 1) <= config.exactLimit();
		if (gaussian ? !config.dbn() && smallTop : config.aisRuns() > 0 || smallTop) {
			return new QualityMetric("log_likelihood", false);
		}
		return config.visible() == RbmSpec.VisibleUnits.BERNOULLI ? new QualityMetric("pseudo_log_likelihood", false)
				: new QualityMetric("reconstruction_error", true);
	}

	@Override
	public ModelTrainer newTrainer(TrainingSession session) {
		return new StackTrainer(session);
	}

	@Override
	public LoadedModel load(CheckpointData checkpoint, NDManager manager) {
		StackConfig config = StackConfig.of(checkpoint.manifest().spec().model());
		CheckpointManifest.DatasetRef dataset = checkpoint.manifest().dataset();
		int inputSize = dataset.channels() * dataset.height() * dataset.width();
		RbmStack stack = new RbmStack(config, inputSize, manager);
		GradMode.off(() -> stack.load(checkpoint.parameters(), manager));
		List<String> classes = checkpoint.manifest().spec().model() instanceof DbnSpec dbn && dbn.classes() != null
				? dbn.classes() : List.of();
		return new StackModel(stack, manager, new int[] { dataset.channels(), dataset.height(), dataset.width() },
				classes);
	}

	@Override
	public String exportLayout(ModelSpec spec) {
		StackConfig config = StackConfig.of(spec);
		StringBuilder out = new StringBuilder();
		out.append(config.dbn() ? "Deep belief net of " + config.layers() + " RBMs, bottom first. "
				: "Restricted Boltzmann machine. ");
		out.append("Input: the image flattened in (C, H, W) order, scaled to [0, 1]");
		out.append(config.visible() == RbmSpec.VisibleUnits.GAUSSIAN
				? ", standardised as (x - data.mean) / data.std [D] (Gaussian visible units of unit variance). "
				: ", binary for training (" + config.binarize().name().toLowerCase() + "). ");
		out.append("Layer l is layers.{l}.weight [V, H], layers.{l}.visible_bias [V], layers.{l}.hidden_bias [H] "
				+ "with energy E(v, h) = -visible_bias.v - hidden_bias.h - v.weight.h; "
				+ "p(h=1|v) = sigmoid(v @ weight + hidden_bias), p(v=1|h) = sigmoid(h @ weight.T + visible_bias)");
		if (config.fineTuneSteps() > 0) {
			out.append("; the classifier is classifier.layers.{l}.weight [in, out] and .bias with sigmoid, then "
					+ "softmax(x @ classifier.output.weight + classifier.output.bias)");
		}
		return out.append('.').toString();
	}

	@Override
	public Optional<ModelEvaluator> evaluator() {
		return Optional.of(new StackEvaluator(this));
	}

}
