package dev.latentforge.testing.generators;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.evaluation.generative.GenerativeEvaluator;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.Generating;
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
 * A test-only generative family, registered only in the service tests of generation
 * (never in the worker): x = sigmoid(W·[z; c] + b) reshaped to the data set's image shape
 * (W·[z; c] + b for points), with W and b read from a checkpoint the test writes. It is a
 * real model (its outputs are computed from its parameters, row by row), so the service's
 * seeding, batching, formats, replay and recording can be tested before the GAN family
 * lands; it cannot train.
 */
public class LinearGeneratorFamily implements ModelFamily {

	public static final String TYPE = "linear-generator";

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public Class<? extends ModelSpec> specType() {
		return LinearGeneratorSpec.class;
	}

	@Override
	public ModelSpec resolve(ModelSpec spec, DatasetInfo dataset) {
		LinearGeneratorSpec given = (LinearGeneratorSpec) spec;
		boolean conditional = Boolean.TRUE.equals(given.conditional());
		ConditionVocabulary vocabulary = conditional ? ConditionVocabulary.of(dataset, true) : ConditionVocabulary.NONE;
		return new LinearGeneratorSpec(given.latentSize() != null ? given.latentSize() : 8, conditional,
				vocabulary.labels(), vocabulary.attributes());
	}

	@Override
	public List<FieldProblem> validate(ModelSpec spec, DatasetInfo dataset, TrainingSpec training) {
		return List.of();
	}

	@Override
	public Set<String> capabilities(ModelSpec spec) {
		return Set.of(Capabilities.GENERATE, Capabilities.INTERPOLATE, Capabilities.ARITHMETIC, Capabilities.EVALUATE);
	}

	@Override
	public QualityMetric qualityMetric(ModelSpec spec) {
		return null;
	}

	@Override
	public ModelTrainer newTrainer(TrainingSession session) {
		throw new UnsupportedOperationException("the linear test generator is written by tests, not trained");
	}

	@Override
	public LoadedModel load(CheckpointData checkpoint, NDManager manager) {
		LinearGeneratorSpec spec = (LinearGeneratorSpec) checkpoint.manifest().spec().model();
		CheckpointManifest.DatasetRef dataset = checkpoint.manifest().dataset();
		NDArray weight = NdTensors.toNdArray(manager, checkpoint.parameters().get("weight"));
		NDArray bias = NdTensors.toNdArray(manager, checkpoint.parameters().get("bias"));
		boolean points = dataset.bitDepth() == 32;
		return new Loaded(spec, weight, bias, dataset, points, manager);
	}

	@Override
	public String exportLayout(ModelSpec spec) {
		return "test only";
	}

	@Override
	public Optional<ModelEvaluator> evaluator() {
		return Optional.of(new GenerativeEvaluator(this,
				(spec) -> Boolean.TRUE.equals(((LinearGeneratorSpec) spec).conditional())));
	}

	record Loaded(LinearGeneratorSpec spec, NDArray weight, NDArray bias, CheckpointManifest.DatasetRef dataset,
			boolean points, NDManager manager) implements LoadedModel, Generating {

		@Override
		public int latentSize() {
			return this.spec.latentSize();
		}

		@Override
		public ConditionVocabulary vocabulary() {
			return this.spec.vocabulary();
		}

		@Override
		public NDArray generate(NDArray latents, NDArray conditions) {
			NDArray input = conditions == null ? latents : latents.concat(conditions, 1); // [B,
																							// L
																							// +
																							// C]
			NDArray out = input.matMul(this.weight.transpose()).add(this.bias); // [B, D]
			long batch = latents.getShape().get(0);
			if (this.points) {
				return out;
			}
			return Activation.sigmoid(out)
				.reshape(new Shape(batch, this.dataset.channels(), this.dataset.height(), this.dataset.width()));
		}

		@Override
		public void close() {
			this.manager.close();
		}

	}

}
