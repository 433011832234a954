package dev.latentforge.models.gan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.evaluation.generative.GenerativeEvaluator;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.QualityMetric;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.web.FieldProblem;

import org.springframework.stereotype.Component;

/** The GAN family ({@code model.type = gan}). */
@Component
public class GanFamily implements ModelFamily {

	@Override
	public String type() {
		return "gan";
	}

	@Override
	public Class<? extends ModelSpec> specType() {
		return GanSpec.class;
	}

	@Override
	public ModelSpec resolve(ModelSpec spec, DatasetInfo dataset) {
		return ((GanSpec) spec).resolved(dataset);
	}

	@Override
	public List<FieldProblem> validate(ModelSpec model, DatasetInfo dataset, TrainingSpec training) {
		return GanValidation.validate((GanSpec) model, dataset, training);
	}

	@Override
	public Set<String> capabilities(ModelSpec spec) {
		return Set.of(Capabilities.GENERATE, Capabilities.INTERPOLATE, Capabilities.ARITHMETIC, Capabilities.EVALUATE,
				Capabilities.EXPORT);
	}

	@Override
	public QualityMetric qualityMetric(ModelSpec spec) {
		return new QualityMetric("fd_diag", true);
	}

	@Override
	public ModelTrainer newTrainer(TrainingSession session) {
		return new GanTrainer(session);
	}

	@Override
	public LoadedModel load(CheckpointData checkpoint, NDManager manager) {
		GanSpec spec = (GanSpec) checkpoint.manifest().spec().model();
		CheckpointManifest.DatasetRef dataset = checkpoint.manifest().dataset();
		// points are stored as float32 (32 bits), images as 8- or 16-bit integers
		boolean points = dataset.bitDepth() == 32;
		Conditions conditions = Conditions.of(spec, checkpoint.manifest().spec().dataOrDefault());
		int conditionSize = conditions != null ? conditions.size() : 0;
		Players players = Players.build(spec, points, dataset.channels(), dataset.height(), dataset.width(),
				conditionSize, conditions != null ? conditions.labels() : 0, manager);
		players.generator.net.load(checkpoint.parameters());
		return new GanModel(players, manager, conditions != null ? conditions.vocabulary() : ConditionVocabulary.NONE);
	}

	/**
	 * The generative evaluator (Fréchet distance, precision, recall, classifier score,
	 * diversity; conditional accuracy for conditional GANs; mode coverage on points).
	 */
	@Override
	public Optional<ModelEvaluator> evaluator() {
		return Optional
			.of(new GenerativeEvaluator(this, (spec) -> Boolean.TRUE.equals(((GanSpec) spec).conditional())));
	}

	@Override
	public String exportLayout(ModelSpec model) {
		GanSpec spec = (GanSpec) model;
		return "GAN. Generator parameters start with 'g.', discriminator parameters with 'd.'. Linear layers "
				+ "{name}.weight [out, in] compute x @ weight.T + bias; convolutions {name}.weight [out, in, 4, 4] "
				+ "(stride 2, padding 1) and transposed convolutions g.up*/g.out.weight [in, out, 4, 4] (PyTorch "
				+ "ConvTranspose2d, stride 2, padding 1). Norm stages {name}.norm.gamma/.beta [F]; batch norm adds "
				+ "running_mean/running_var (eps 1e-5); virtual batch norm stores its reference batch "
				+ "(g.vbn.reference_latents, d.vbn.reference). G's input is z ~ N(0, I) of size " + spec.latentSize()
				+ (spec.conditional() ? " joined with the one-hot condition" : "") + "; ReLU after hidden stages, "
				+ "tanh on image outputs (map (x + 1) / 2 to [0, 1]); D uses LeakyReLU(0.2) and outputs one "
				+ (spec.loss().wasserstein() ? "critic score." : "logit.");
	}

}
