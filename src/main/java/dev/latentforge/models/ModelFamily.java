package dev.latentforge.models;

import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.web.FieldProblem;

/**
 * One family of models (autoencoders, RBMs, GANs...). A family is one package under
 * {@code models}: a Spring bean implementing this interface, listed in
 * {@code META-INF/services/dev.latentforge.models.ModelFamily} so the worker finds the
 * same class without Spring. Nothing else in the service changes when a family is added.
 */
public interface ModelFamily {

	/** The value of {@code model.type} that selects this family. */
	String type();

	/** The family's spec record. */
	Class<? extends ModelSpec> specType();

	/**
	 * Fills the family's defaults into a spec as the client sent it.
	 * @param spec the spec as received
	 * @param dataset the data set the job trains on
	 * @return the spec with every default filled in
	 */
	ModelSpec resolve(ModelSpec spec, DatasetInfo dataset);

	/**
	 * Checks a resolved spec against its data set and training settings.
	 * @param spec the resolved spec
	 * @param dataset the data set
	 * @param training the resolved training settings
	 * @return the problems, with field paths from the job's root
	 * ({@code model.layers[0]}); empty when valid
	 */
	List<FieldProblem> validate(ModelSpec spec, DatasetInfo dataset, TrainingSpec training);

	/** The operations a trained model of this spec offers ({@link Capabilities}). */
	Set<String> capabilities(ModelSpec spec);

	/** The metric that picks the best checkpoint. */
	QualityMetric qualityMetric(ModelSpec spec);

	/** A trainer for one run in a worker. */
	ModelTrainer newTrainer(TrainingSession session);

	/**
	 * Loads a checkpoint for inference in the service.
	 * @param checkpoint the checkpoint
	 * @param manager the manager that owns the loaded arrays
	 * @return the loaded model
	 */
	LoadedModel load(CheckpointData checkpoint, NDManager manager);

	/**
	 * How exported parameters are named and laid out, for users who load them without
	 * DJL.
	 */
	String exportLayout(ModelSpec spec);

	/**
	 * The evaluator of this family's trained models, or empty when the family offers no
	 * evaluations ({@code POST /models/{id}/evaluations}).
	 */
	default java.util.Optional<ModelEvaluator> evaluator() {
		return java.util.Optional.empty();
	}

}
