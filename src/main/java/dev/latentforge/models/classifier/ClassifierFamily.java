package dev.latentforge.models.classifier;

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

/** The classifier family ({@code model.type = classifier}). */
@Component
public class ClassifierFamily implements ModelFamily {

	@Override
	public String type() {
		return "classifier";
	}

	@Override
	public Class<? extends ModelSpec> specType() {
		return ClassifierSpec.class;
	}

	@Override
	public ModelSpec resolve(ModelSpec model, DatasetInfo dataset) {
		ClassifierSpec spec = ((ClassifierSpec) model).resolved(dataset.classes());
		// a pretrained encoder's architecture is copied when its reference is resolved
		return spec.pretrainedEncoder() == null ? spec.withArchitectureDefaults() : spec;
	}

	@Override
	public List<FieldProblem> validate(ModelSpec model, DatasetInfo dataset, TrainingSpec training) {
		ClassifierSpec spec = (ClassifierSpec) model;
		List<FieldProblem> problems = new ArrayList<>();
		if (dataset.kind() != DatasetInfo.DatasetKind.IMAGES || !dataset.labelled()) {
			problems.add(new FieldProblem("dataset",
					"a classifier needs a labelled image data set; '" + dataset.id() + "' is not"));
			return problems;
		}
		if (Boolean.TRUE.equals(spec.freezeEncoder()) && spec.pretrainedEncoder() == null) {
			problems.add(new FieldProblem("model.freezeEncoder",
					"freezing needs a pretrainedEncoder: a frozen random encoder would leave only the softmax "
							+ "layer to learn"));
		}
		for (int i = 0; i < spec.layers().size(); i++) {
			if (spec.layers().get(i) == null || spec.layers().get(i) < 1) {
				problems.add(new FieldProblem("model.layers[" + i + "]", "must be a positive width"));
			}
		}
		if (spec.labelsPerClass() != null) {
			long labelled = (long) spec.labelsPerClass() * dataset.classes().size();
			if (training.batch() > labelled) {
				problems.add(new FieldProblem("training.batchSize",
						"batch size " + training.batch() + " is larger than the at most " + labelled
								+ " labelled images (labelsPerClass " + spec.labelsPerClass() + " × "
								+ dataset.classes().size() + " classes)"));
			}
		}
		return problems;
	}

	@Override
	public Set<String> capabilities(ModelSpec spec) {
		return Set.of(Capabilities.CLASSIFY, Capabilities.EXPORT);
	}

	@Override
	public QualityMetric qualityMetric(ModelSpec spec) {
		return new QualityMetric("val_accuracy", false);
	}

	@Override
	public ModelTrainer newTrainer(TrainingSession session) {
		return new ClassifierTrainer(session);
	}

	@Override
	public LoadedModel load(CheckpointData checkpoint, NDManager manager) {
		ClassifierSpec spec = (ClassifierSpec) checkpoint.manifest().spec().model();
		CheckpointManifest.DatasetRef dataset = checkpoint.manifest().dataset();
		ClassifierNetwork network = new ClassifierNetwork(spec, dataset.channels() * dataset.height() * dataset.width(),
				manager);
		Initialisation.load(network.parameters(), checkpoint.parameters());
		return new ClassifierModel(network, manager, spec.classes());
	}

	@Override
	public String exportLayout(ModelSpec model) {
		ClassifierSpec spec = (ClassifierSpec) model;
		return "Dense classifier. Input: the image flattened in (C, H, W) order, scaled to [0, 1]. "
				+ "'encoder.{index}.weight' [out, in] and '.bias' as the dense autoencoder's encoder (x @ weight.T + "
				+ "bias, then " + spec.activation().name().toLowerCase() + " on hidden layers and "
				+ spec.codeActivation().name().toLowerCase() + " on the code), then 'head.0.weight' [classes, code] "
				+ "and 'head.0.bias' to logits; softmax gives the probabilities of " + spec.classes() + ".";
	}

}
