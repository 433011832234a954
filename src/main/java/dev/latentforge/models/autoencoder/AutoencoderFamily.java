package dev.latentforge.models.autoencoder;

import java.util.Collections;
import java.util.LinkedHashSet;
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
		return AutoencoderValidation.problems((AutoencoderSpec) model, dataset, training);
	}

	@Override
	public Set<String> capabilities(ModelSpec model) {
		AutoencoderSpec spec = ((AutoencoderSpec) model).resolved();
		Set<String> out = new LinkedHashSet<>(
				List.of(Capabilities.RECONSTRUCT, Capabilities.ENCODE, Capabilities.DECODE, Capabilities.EXPORT,
						Capabilities.SCORE, Capabilities.EMBEDDING, Capabilities.CLUSTER));
		if (spec.corruption() != null) {
			out.addAll(List.of(Capabilities.DENOISE, Capabilities.SAMPLE, Capabilities.INPAINT));
		}
		if (spec.isVariational()) {
			out.add(Capabilities.GENERATE);
		}
		return Collections.unmodifiableSet(out);
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
		Network network = Network.build(spec, dataset.channels(), dataset.height(), dataset.width(), manager);
		Initialisation.load(network.parameters(), checkpoint.parameters());
		if (spec.corruption() != null) {
			return new DenoisingAutoencoderModel(spec, network, manager, dataset.channels(), dataset.height(),
					dataset.width());
		}
		if (spec.isVariational()) {
			return new VariationalAutoencoderModel(spec, network, manager, dataset.channels(), dataset.height(),
					dataset.width());
		}
		return new AutoencoderModel(spec, network, manager);
	}

	@Override
	public String exportLayout(ModelSpec model) {
		return AutoencoderExportLayout.describe(((AutoencoderSpec) model).resolved());
	}

}
