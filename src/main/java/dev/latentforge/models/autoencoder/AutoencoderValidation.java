package dev.latentforge.models.autoencoder;

import java.util.ArrayList;
import java.util.List;

import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.web.FieldProblem;

/**
 * Checks an autoencoder spec against its data set and training settings, and says why a
 * combination of options cannot work.
 */
final class AutoencoderValidation {

	private AutoencoderValidation() {
	}

	static List<FieldProblem> problems(AutoencoderSpec raw, DatasetInfo dataset, TrainingSpec training) {
		AutoencoderSpec spec = raw.resolved();
		List<FieldProblem> problems = new ArrayList<>();
		if (dataset.kind() != DatasetInfo.DatasetKind.IMAGES) {
			problems.add(new FieldProblem("dataset", "an autoencoder needs an image data set; '" + dataset.id()
					+ "' holds " + dataset.kind().name().toLowerCase()));
			return problems;
		}
		int input = dataset.exampleSize();
		for (int i = 0; i < spec.layers().size(); i++) {
			if (spec.layers().get(i) == null || spec.layers().get(i) < 1) {
				problems.add(new FieldProblem("model.layers[" + i + "]", "must be a positive width"));
				return problems;
			}
		}
		if (spec.codeSize() >= input) {
			problems.add(new FieldProblem("model.layers[" + (spec.layers().size() - 1) + "]",
					"an undercomplete autoencoder needs a code smaller than its input (" + input + " values); got "
							+ spec.codeSize()));
		}
		architecture(spec, dataset, problems);
		if (spec.loss() == AutoencoderSpec.Loss.BCE && spec.outputActivation() != AutoencoderSpec.Activation.SIGMOID) {
			problems.add(new FieldProblem("model.outputActivation",
					"cross-entropy (bce) treats outputs as Bernoulli means, so the output activation must be sigmoid"));
		}
		if (raw.outputSigma() != null) {
			if (spec.loss() != AutoencoderSpec.Loss.MSE) {
				problems.add(new FieldProblem("model.outputSigma",
						"outputSigma is the standard deviation of the Gaussian decoder (loss mse); with bce the decoder is Bernoulli"));
			}
			else if (!(raw.outputSigma() > 0) || raw.outputSigma() > 10) {
				problems.add(new FieldProblem("model.outputSigma", "must be in (0, 10]"));
			}
		}
		sparsity(spec, problems);
		if (spec.corruption() != null && spec.corruption().problem() != null) {
			problems.add(new FieldProblem("model.corruption", spec.corruption().problem()));
		}
		variational(spec, problems);
		pretraining(spec, training, problems);
		return problems;
	}

	private static void architecture(AutoencoderSpec spec, DatasetInfo dataset, List<FieldProblem> problems) {
		int input = dataset.exampleSize();
		long weights = 0;
		int previous = input;
		if (spec.isConv()) {
			int channels = dataset.channels();
			int h = dataset.height();
			int w = dataset.width();
			for (int i = 0; i < spec.channels().size(); i++) {
				Integer c = spec.channels().get(i);
				if (c == null || c < 1) {
					problems.add(new FieldProblem("model.channels[" + i + "]", "must be a positive channel count"));
					return;
				}
				weights += 2L * channels * c * 16;
				channels = c;
				h /= 2;
				w /= 2;
			}
			if (h < 1 || w < 1) {
				problems.add(new FieldProblem("model.channels",
						spec.channels().size() + " stride-2 stages halve the resolution " + spec.channels().size()
								+ " times, too often for " + dataset.height() + "×" + dataset.width()
								+ " images; use at most " + stagesFor(Math.min(dataset.height(), dataset.width()))));
				return;
			}
			previous = channels * h * w;
		}
		else {
			if (spec.channels() != null) {
				problems.add(new FieldProblem("model.channels",
						"channels sets the convolution stages; it needs architecture conv"));
			}
			if (spec.upsampling() != null) {
				problems.add(new FieldProblem("model.upsampling",
						"upsampling is how a convolutional decoder grows; it needs architecture conv"));
			}
		}
		for (int width : spec.layers()) {
			weights += 2L * previous * width;
			previous = width;
		}
		if (weights > 200_000_000L) {
			problems.add(new FieldProblem("model.layers",
					"the network would have " + weights + " weights; the limit is 200,000,000"));
		}
	}

	private static int stagesFor(int size) {
		int stages = 0;
		while (size >= 2) {
			size /= 2;
			stages++;
		}
		return stages;
	}

	private static void sparsity(AutoencoderSpec spec, List<FieldProblem> problems) {
		AutoencoderSpec.Sparsity sparsity = spec.sparsity();
		if (sparsity == null) {
			return;
		}
		if (spec.codeActivation() != AutoencoderSpec.Activation.SIGMOID) {
			problems.add(new FieldProblem("model.codeActivation",
					"the sparsity penalty KL(ρ ‖ ρ̂_j) compares each code unit's average activation with a target probability ρ, "
							+ "so activations must lie in (0, 1): a " + spec.codeActivation().name().toLowerCase()
							+ " code layer is not allowed with sparsity; use codeActivation sigmoid"));
		}
		if (!(sparsity.rho() > 0 && sparsity.rho() < 1)) {
			problems.add(new FieldProblem("model.sparsity.rho", "the target activation ρ must be in (0, 1)"));
		}
		if (!(sparsity.beta() > 0) || sparsity.beta() > 1000) {
			problems.add(new FieldProblem("model.sparsity.beta", "the penalty weight β must be in (0, 1000]"));
		}
		if (!(sparsity.momentum() >= 0 && sparsity.momentum() < 1)) {
			problems.add(new FieldProblem("model.sparsity.momentum",
					"the running average's λ must be in [0, 1): 1 would never look at the data"));
		}
	}

	private static void variational(AutoencoderSpec spec, List<FieldProblem> problems) {
		if (!spec.isVariational()) {
			return;
		}
		if (spec.codeActivation() != AutoencoderSpec.Activation.LINEAR) {
			problems.add(new FieldProblem("model.codeActivation",
					"a VAE's encoder outputs the posterior's mean μ and log-variance log σ², which are unbounded: "
							+ "the code activation must be linear"));
		}
		if (spec.sparsity() != null) {
			problems.add(new FieldProblem("model.sparsity",
					"a VAE's code is a Gaussian draw, not an activation in (0, 1): sparsity does not apply; "
							+ "its KL term already regularises the code"));
		}
		if (spec.corruption() != null) {
			problems.add(new FieldProblem("model.corruption",
					"choose a denoising autoencoder or a VAE: corruption with variational is not supported"));
		}
	}

	private static void pretraining(AutoencoderSpec spec, TrainingSpec training, List<FieldProblem> problems) {
		if (!spec.isLayerwise()) {
			if (spec.pretrainingSteps() != null) {
				problems.add(new FieldProblem("model.pretrainingSteps",
						"pretrainingSteps applies to pretraining layerwise only"));
			}
			return;
		}
		if (spec.layers().size() < 2) {
			problems.add(new FieldProblem("model.pretraining",
					"layer-wise pretraining stacks autoencoders: it needs at least 2 layers, got 1"));
		}
		if (spec.isConv()) {
			problems.add(new FieldProblem("model.pretraining",
					"layer-wise pretraining is defined for the dense stack; train a convolutional autoencoder end to end"));
		}
		if (spec.isVariational()) {
			problems.add(new FieldProblem("model.pretraining",
					"a VAE trains its ELBO end to end; layer-wise pretraining does not apply"));
		}
		if (spec.corruption() != null) {
			problems.add(new FieldProblem("model.pretraining",
					"stacked denoising pretraining (corrupting each layer's input) is not supported; "
							+ "train a denoising autoencoder end to end"));
		}
		if (spec.pretrainingSteps() == null || spec.pretrainingSteps() < 1) {
			problems.add(new FieldProblem("model.pretrainingSteps",
					"layer-wise pretraining needs pretrainingSteps, the positive number of steps per layer"));
		}
		else if (training.maxSteps() != null && spec.pretrainingSteps() * spec.layers().size() >= training.maxSteps()) {
			problems.add(new FieldProblem("model.pretrainingSteps",
					spec.layers().size() + " layers × " + spec.pretrainingSteps()
							+ " pretraining steps leave none of the " + training.maxSteps()
							+ " steps for fine-tuning end to end"));
		}
	}

}
