package dev.latentforge.models.autoencoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.QualityMetric;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.web.FieldProblem;

import org.springframework.stereotype.Component;

/** The autoencoder family ({@code model.type = autoencoder}). */
@Component
public class AutoencoderFamily implements ModelFamily {

	@Override
	public String type() {
		return "autoencoder";
	}

	@Override
	public Class<? extends ModelSpec> specType() {
		return AutoencoderSpec.class;
	}

	@Override
	public ModelSpec resolve(ModelSpec spec, DatasetInfo dataset) {
		return ((AutoencoderSpec) spec).resolved();
	}

	@Override
	public List<FieldProblem> validate(ModelSpec model, DatasetInfo dataset, TrainingSpec training) {
		AutoencoderSpec spec = (AutoencoderSpec) model;
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
		long weights = 0;
		int previous = input;
		for (int width : spec.layers()) {
			weights += 2L * previous * width;
			previous = width;
		}
		if (weights > 200_000_000L) {
			problems.add(new FieldProblem("model.layers",
					"the network would have " + weights + " weights; the limit is 200,000,000"));
		}
		if (spec.loss() == AutoencoderSpec.Loss.BCE && spec.outputActivation() != AutoencoderSpec.Activation.SIGMOID) {
			problems.add(new FieldProblem("model.outputActivation",
					"cross-entropy (bce) treats outputs as Bernoulli means, so the output activation must be sigmoid"));
		}
		return problems;
	}

	@Override
	public Set<String> capabilities(ModelSpec spec) {
		return Set.of(Capabilities.RECONSTRUCT, Capabilities.ENCODE, Capabilities.DECODE, Capabilities.EXPORT,
				Capabilities.SCORE, Capabilities.EMBEDDING, Capabilities.CLUSTER);
	}

	@Override
	public QualityMetric qualityMetric(ModelSpec spec) {
		return new QualityMetric("val_mse", true);
	}

	@Override
	public ModelTrainer newTrainer(TrainingSession session) {
		return new AutoencoderTrainer(session);
	}

	@Override
	public LoadedModel load(CheckpointData checkpoint, NDManager manager) {
		AutoencoderSpec spec = ((AutoencoderSpec) checkpoint.manifest().spec().model()).resolved();
		CheckpointManifest.DatasetRef dataset = checkpoint.manifest().dataset();
		int inputSize = dataset.channels() * dataset.height() * dataset.width();
		AutoencoderNetwork network = new AutoencoderNetwork(spec, inputSize, manager);
		Initialisation.load(network.parameters(), checkpoint.parameters());
		return new AutoencoderModel(network, manager, spec.codeSize());
	}

	@Override
	public String exportLayout(ModelSpec model) {
		AutoencoderSpec spec = ((AutoencoderSpec) model).resolved();
		return "Dense autoencoder. Input: the image flattened in (C, H, W) order, scaled to [0, 1]. "
				+ "Layer k of 'encoder' and 'decoder' is named {block}.{index}.weight [out, in] and "
				+ "{block}.{index}.bias [out] and computes x @ weight.T + bias, followed by an activation: "
				+ spec.activation().name().toLowerCase() + " on hidden layers, "
				+ spec.codeActivation().name().toLowerCase() + " on the code (the encoder's last layer), "
				+ spec.outputActivation().name().toLowerCase()
				+ " on the decoder's last layer. Indices count activation layers too, as in PyTorch's nn.Sequential.";
	}

}
