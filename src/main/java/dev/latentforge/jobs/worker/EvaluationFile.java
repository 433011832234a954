package dev.latentforge.jobs.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.latentforge.models.JobSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a node tells a worker about an evaluation it runs ({@code WorkerMain evaluate
 * <file>}).
 *
 * @param evaluationId the evaluation
 * @param family the model family
 * @param spec the model's job specification
 * @param checkpointDir the checkpoint evaluated
 * @param datasetDir the data set's directory
 * @param split the split evaluated against
 * @param metrics the metric names
 * @param options the metric options
 * @param seed the seed of the evaluation's random draws
 * @param cacheDir where evaluators keep what they train once and reuse (such as an
 * evaluator network per data set version)
 * @param resultFile where the worker writes the results (JSON) before it reports done
 */
public record EvaluationFile(String evaluationId, String family, JobSpec spec, String checkpointDir, String datasetDir,
		String split, List<String> metrics, Map<String, Object> options, long seed, String cacheDir,
		String resultFile) {

	/** The system property that tells evaluators in the worker their cache directory. */
	public static final String CACHE_DIR_PROPERTY = "latentforge.evaluation.cache-dir";

	/**
	 * The system property that tells evaluators in the worker the data set's directory
	 * (an evaluator may train on its train split while it evaluates another).
	 */
	public static final String DATASET_DIR_PROPERTY = "latentforge.evaluation.dataset-dir";

	public void write(Path file, JsonMapper json) throws IOException {
		Files.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
	}

	public static EvaluationFile read(Path file, JsonMapper json) {
		return json.readValue(file.toFile(), EvaluationFile.class);
	}

}
