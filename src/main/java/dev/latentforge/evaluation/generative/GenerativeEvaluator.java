package dev.latentforge.evaluation.generative;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.function.Predicate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Rng;
import dev.latentforge.jobs.worker.EvaluationFile;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.Examples;
import dev.latentforge.models.Generating;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.ModelSpec;

/**
 * The evaluator of generative models (any family whose loaded model is
 * {@link Generating}: GANs, VAEs). A family returns {@code new GenerativeEvaluator(this)}
 * from {@link ModelFamily#evaluator()}.
 * <p>
 * On labelled images, samples and real examples are compared in the feature space of a
 * small classifier trained once per data set version ({@link EvaluatorCache}):
 * {@value #FRECHET}, {@value #PRECISION} and {@value #RECALL} (k-NN manifolds, k = 3),
 * {@value #CONDITIONAL_ACCURACY} (share of samples the classifier assigns to the class
 * they were generated for), {@value #CLASSIFIER_SCORE} (the Inception-score analogue) and
 * {@value #DIVERSITY} (mean pairwise feature distance of samples of a class over that of
 * real examples of the class). A conditional model is sampled with its labels in turn
 * (row i gets label i mod L), attributes left "any".
 * <p>
 * On 2-D points ({@code ring-8}): {@value #MODES_COVERED} and {@value #HIGH_QUALITY}
 * ({@link RingModes}), and the Fréchet distance, precision and recall on the raw
 * coordinates.
 * <p>
 * Options: {@code samples} (2,000 for images, 2,500 for points; real examples are as
 * many, at most the split's count), {@code k} (3), {@code evaluatorSteps} (800),
 * {@code modes} (8), {@code radius} (2), {@code sigma} (0.02), {@code minShare} (0.01).
 */
public class GenerativeEvaluator implements ModelEvaluator {

	public static final String FRECHET = "frechet-distance";

	public static final String PRECISION = "precision";

	public static final String RECALL = "recall";

	public static final String CONDITIONAL_ACCURACY = "conditional-accuracy";

	public static final String CLASSIFIER_SCORE = "classifier-score";

	public static final String DIVERSITY = "diversity";

	public static final String MODES_COVERED = "modes-covered";

	public static final String HIGH_QUALITY = "high-quality-fraction";

	static final Set<String> OPTIONS = Set.of("samples", "k", "evaluatorSteps", "modes", "radius", "sigma", "minShare");

	private static final int BATCH = 256;

	private final ModelFamily family;

	private final Predicate<ModelSpec> conditional;

	/** An evaluator that offers conditional accuracy for every model of the family. */
	public GenerativeEvaluator(ModelFamily family) {
		this(family, (spec) -> true);
	}

	/**
	 * An evaluator.
	 * @param family the family whose checkpoints it loads
	 * @param conditional whether a spec's models are conditioned on labels (only those
	 * offer conditional accuracy)
	 */
	public GenerativeEvaluator(ModelFamily family, Predicate<ModelSpec> conditional) {
		this.family = family;
		this.conditional = conditional;
	}

	@Override
	public Set<String> metrics(ModelSpec spec) {
		Set<String> all = new LinkedHashSet<>(imageMetrics(spec));
		all.addAll(List.of(MODES_COVERED, HIGH_QUALITY));
		return all;
	}

	@Override
	public Set<String> metrics(ModelSpec spec, DatasetInfo dataset) {
		if (dataset.kind() == DatasetInfo.DatasetKind.POINTS) {
			return dataset.width() == 2
					? new LinkedHashSet<>(List.of(FRECHET, PRECISION, RECALL, MODES_COVERED, HIGH_QUALITY))
					: new LinkedHashSet<>(List.of(FRECHET, PRECISION, RECALL));
		}
		return dataset.labelled() ? imageMetrics(spec) : Set.of();
	}

	private Set<String> imageMetrics(ModelSpec spec) {
		Set<String> metrics = new LinkedHashSet<>(List.of(FRECHET, PRECISION, RECALL, CLASSIFIER_SCORE, DIVERSITY));
		if (this.conditional.test(spec)) {
			metrics.add(CONDITIONAL_ACCURACY);
		}
		return metrics;
	}

	@Override
	public List<Result> evaluate(Input input) {
		for (String option : input.options().keySet()) {
			if (!OPTIONS.contains(option)) {
				throw new IllegalArgumentException("unknown option '" + option + "'; options: " + OPTIONS);
			}
		}
		Examples examples = input.examples();
		boolean points = examples.info().kind() == DatasetInfo.DatasetKind.POINTS;
		int samples = intOption(input, "samples", points ? 2500 : 2000, 10, 50_000);
		int k = intOption(input, "k", 3, 1, 50);
		try (LoadedModel loaded = this.family.load(input.checkpoint(), input.manager().newSubManager())) {
			if (!(loaded instanceof Generating generating)) {
				throw new IllegalArgumentException("family " + this.family.type() + "'s models cannot generate");
			}
			return points ? SampleMetrics.points(input, generating, samples, k)
					: imageResults(input, generating, samples, k);
		}
	}

	private List<Result> imageResults(Input input, Generating generating, int samples, int k) {
		int steps = intOption(input, "evaluatorSteps", 800, 10, 100_000);
		String datasetDir = System.getProperty(EvaluationFile.DATASET_DIR_PROPERTY);
		if (datasetDir == null) {
			throw new IllegalStateException(EvaluationFile.DATASET_DIR_PROPERTY + " is not set");
		}
		DoubleConsumer progress = input.progress();
		EvaluatorCache.Ready evaluator;
		try {
			evaluator = EvaluatorCache.obtain(Path.of(datasetDir), steps, 0x5EEDL, input.manager(),
					(f) -> progress.accept(0.6 * f));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Examples real = input.examples();
		int realCount = Math.min(samples, real.count());
		int[] positions = java.util.Arrays.copyOf(input.rng().permutation(0, "evaluation/real", real.count()),
				realCount);
		FeatureSet realSet = FeatureSet.of(evaluator.network(), real.values(positions), realCount, real.exampleShape(),
				input.manager());
		progress.accept(0.7);
		int[] requested = requestedLabels(input, generating, samples, real.info());
		float[] generated = generate(generating, input, samples, requested);
		FeatureSet fakeSet = FeatureSet.of(evaluator.network(), generated, samples, real.exampleShape(),
				input.manager());
		progress.accept(0.85);
		Map<String, Object> common = new LinkedHashMap<>();
		common.put("samples", samples);
		common.put("realSamples", realCount);
		common.put("featureDimension", EvaluatorNetwork.FEATURES);
		common.put("evaluator", evaluator.key());
		common.put("evaluatorSteps", evaluator.steps());
		common.put("evaluatorTestAccuracy", evaluator.testAccuracy());
		common.put("evaluatorCached", evaluator.cached());
		List<Result> results = new ArrayList<>();
		PrecisionRecall.Result pr = null;
		for (String metric : input.metrics()) {
			Map<String, Object> details = new LinkedHashMap<>(common);
			switch (metric) {
				case FRECHET -> results.add(new Result(metric, "evaluator-features",
						FrechetDistance.of(realSet.features(), fakeSet.features()), null, null, details));
				case PRECISION, RECALL -> {
					if (pr == null) {
						pr = PrecisionRecall.of(realSet.features(), fakeSet.features(), k);
					}
					details.put("k", k);
					results.add(new Result(metric, "knn-manifold",
							metric.equals(PRECISION) ? pr.precision() : pr.recall(), null, null, details));
				}
				case CLASSIFIER_SCORE -> {
					details.put("classes", evaluator.network().classes());
					results.add(new Result(metric, "evaluator-classifier",
							ClassifierScores.classifierScore(fakeSet.probabilities()), 1.0,
							(double) evaluator.network().classes(), details));
				}
				case CONDITIONAL_ACCURACY -> {
					if (requested == null) {
						throw new IllegalArgumentException(
								"the model is not conditioned on labels: it has no " + "conditional accuracy");
					}
					details.putAll(
							SampleMetrics.perClassAccuracy(fakeSet.probabilities(), requested, real.info().classes()));
					results.add(new Result(metric, "evaluator-classifier",
							ClassifierScores.conditionalAccuracy(fakeSet.probabilities(), requested), null, null,
							details));
				}
				case DIVERSITY -> {
					int[] realLabels = real.labels(positions);
					SampleMetrics.Diversity diversity = SampleMetrics.diversity(realSet.features(), realLabels,
							fakeSet.features(), requested != null ? requested : fakeSet.predicted(),
							real.info().classes());
					details.put("perClass", diversity.perClass());
					details.put("minimum", diversity.minimum());
					details.put("grouping", requested != null ? "requested class" : "evaluator's class");
					results.add(new Result(metric, "pairwise-feature-distance-ratio", diversity.mean(), null, null,
							details));
				}
				default -> throw new IllegalArgumentException("unknown metric '" + metric + "'");
			}
		}
		progress.accept(1);
		return results;
	}

	/**
	 * The dataset class each sample is generated for (labels in turn), or {@code null}
	 * for a model not conditioned on labels.
	 */
	static int[] requestedLabels(Input input, Generating generating, int samples, DatasetInfo info) {
		ConditionVocabulary vocabulary = generating.vocabulary();
		if (vocabulary.labels().isEmpty()) {
			return null;
		}
		int[] requested = new int[samples];
		for (int i = 0; i < samples; i++) {
			String label = vocabulary.labels().get(i % vocabulary.labels().size());
			int index = info.classes().indexOf(label);
			if (index < 0) {
				throw new IllegalArgumentException("the model's label '" + label + "' is not a class of data set '"
						+ info.id() + "' " + info.classes());
			}
			requested[i] = index;
		}
		return requested;
	}

	/**
	 * Generates samples with latents from the evaluation's streams (batch b from key (b,
	 * "evaluation/latent")) and, for a conditional model, the requested labels.
	 */
	static float[] generate(Generating generating, Input input, int samples, int[] requested) {
		ConditionVocabulary vocabulary = generating.vocabulary();
		int latent = generating.latentSize();
		List<float[]> parts = new ArrayList<>();
		int[] total = { 0 };
		for (int start = 0, batch = 0; start < samples; start += BATCH, batch++) {
			int n = Math.min(BATCH, samples - start);
			float[] z = input.rng().gaussian(batch, "evaluation/latent", n * latent, 1f);
			float[] c = null;
			if (vocabulary.size() > 0) {
				c = new float[n * vocabulary.size()];
				if (requested != null) {
					for (int i = 0; i < n; i++) {
						String label = input.examples().info().classes().get(requested[start + i]);
						float[] one = vocabulary.encode(new ConditionVocabulary.Condition(label, Map.of()));
						System.arraycopy(one, 0, c, i * one.length, one.length);
					}
				}
			}
			float[] conditions = c;
			GradMode.off(() -> {
				try (NDManager scope = input.manager().newSubManager(); NDScope nd = new NDScope()) {
					NDArray zs = scope.create(z, new Shape(n, latent));
					NDArray cs = conditions == null ? null : scope.create(conditions, new Shape(n, vocabulary.size()));
					float[] out = generating.generate(zs, cs).toFloatArray();
					parts.add(out);
					total[0] += out.length;
				}
			});
			input.progress().accept(0.7 + 0.1 * (start + n) / samples);
		}
		float[] all = new float[total[0]];
		int offset = 0;
		for (float[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

	static int intOption(Input input, String name, int fallback, int min, int max) {
		Object value = input.options().get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
				|| number.intValue() < min || number.intValue() > max) {
			throw new IllegalArgumentException(
					"option '" + name + "' must be a whole number from " + min + " to " + max + ", got " + value);
		}
		return number.intValue();
	}

	static double doubleOption(Input input, String name, double fallback, double min, double max) {
		Object value = input.options().get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Number number) || !(number.doubleValue() >= min && number.doubleValue() <= max)) {
			throw new IllegalArgumentException(
					"option '" + name + "' must be a number from " + min + " to " + max + ", got " + value);
		}
		return number.doubleValue();
	}

}
