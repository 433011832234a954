package dev.latentforge.models;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;

import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.engine.Rng;

/**
 * Computes the metrics of an evaluation (the {@code /models/{id}/evaluations} resource)
 * for one family. It runs in a worker process, like training, because an evaluation can
 * take minutes and may train a network of its own.
 */
public interface ModelEvaluator {

	/** The metric names this evaluator computes for a model of this spec. */
	Set<String> metrics(ModelSpec spec);

	/**
	 * The metric names this evaluator computes for a model of this spec on a data set
	 * (some metrics need labels, images or points); by default those of
	 * {@link #metrics(ModelSpec)}.
	 */
	default Set<String> metrics(ModelSpec spec, dev.latentforge.datasets.DatasetInfo dataset) {
		return metrics(spec);
	}

	/**
	 * Computes the requested metrics.
	 * @param input what to evaluate
	 * @return one result per requested metric, in the requested order
	 */
	List<Result> evaluate(Input input);

	/**
	 * What one evaluation runs on.
	 *
	 * @param spec the model's job spec
	 * @param checkpoint the checkpoint evaluated
	 * @param examples the data set split evaluated against
	 * @param metrics the requested metric names (each in {@link #metrics})
	 * @param options metric options from the request (for example {@code samples},
	 * {@code aisRuns}); absent keys take the evaluator's defaults
	 * @param manager the manager that owns the arrays of the evaluation
	 * @param rng the evaluation's random numbers
	 * @param progress receives the fraction done, 0 to 1
	 */
	record Input(JobSpec spec, CheckpointData checkpoint, Examples examples, List<String> metrics,
			Map<String, Object> options, NDManager manager, Rng rng, DoubleConsumer progress) {
	}

	/**
	 * One metric's result.
	 *
	 * @param metric the metric's name
	 * @param method how it was computed ({@code exact}, {@code ais}, {@code monte-carlo},
	 * ...)
	 * @param value the value
	 * @param lower the lower bound of its error bar, or {@code null}
	 * @param upper the upper bound of its error bar, or {@code null}
	 * @param details further numbers (sample counts, log Z, per-class values...)
	 */
	record Result(String metric, String method, double value, Double lower, Double upper, Map<String, Object> details) {
	}

}
