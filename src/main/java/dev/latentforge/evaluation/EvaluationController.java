package dev.latentforge.evaluation;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.web.PageQuery;
import dev.latentforge.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The evaluations API: metrics that take minutes (log-likelihoods, Fréchet distances...)
 * run as resources in a worker.
 */
@RestController
@Tag(name = "Evaluations", description = "Model metrics computed in a worker (log-likelihood, Fréchet distance, "
		+ "precision and recall...)")
class EvaluationController {

	private static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt");

	private final Evaluations evaluations;

	private final JsonMapper json;

	EvaluationController(Evaluations evaluations, JsonMapper json) {
		this.evaluations = evaluations;
		this.json = json;
	}

	/**
	 * An evaluation to run.
	 *
	 * @param metrics the metric names (the family's evaluator lists the supported ones)
	 * @param dataset the data set to evaluate against (default: the model's)
	 * @param split its split (default: test when it has one, else train)
	 * @param options metric options, such as {@code samples}; absent keys take the
	 * evaluator's defaults
	 * @param checkpoint best (default), latest or a checkpoint id
	 */
	record EvaluationRequest(List<String> metrics, String dataset, String split, Map<String, Object> options,
			String checkpoint) {
	}

	/**
	 * An evaluation.
	 *
	 * @param id its id
	 * @param modelId the model
	 * @param checkpointId the checkpoint evaluated
	 * @param dataset the data set
	 * @param split its split
	 * @param metrics the requested metrics
	 * @param options the options
	 * @param status QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
	 * @param progress the fraction done, 0 to 1
	 * @param results one per metric once it succeeded (metric, method, value, lower,
	 * upper, details)
	 * @param error why it failed, or why it was re-queued
	 * @param createdAt when it was submitted
	 * @param startedAt when it last started
	 * @param finishedAt when it ended
	 */
	record EvaluationResponse(String id, String modelId, String checkpointId, String dataset, String split,
			List<String> metrics, Map<String, Object> options, EvaluationStatus status, double progress,
			List<ModelEvaluator.Result> results, String error, Instant createdAt, Instant startedAt,
			Instant finishedAt) {
	}

	@PostMapping("/api/v1/models/{id}/evaluations")
	@Operation(operationId = "createEvaluation", summary = "Evaluate a model",
			description = "Queues an evaluation; a worker computes the metrics. Poll the Location for status, "
					+ "progress and results.")
	@ApiResponse(responseCode = "202", description = "Queued")
	@ApiResponse(responseCode = "400",
			description = "Unknown metric for this model (the problem lists the supported ones), unknown data set or "
					+ "split, a data set of another shape, or a family without evaluations")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<EvaluationResponse> create(@PathVariable String id, @RequestBody EvaluationRequest request) {
		Evaluation evaluation = this.evaluations.submit(id, request);
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/evaluations/" + evaluation.getId()))
			.body(view(evaluation));
	}

	@GetMapping("/api/v1/models/{id}/evaluations")
	@Operation(operationId = "listEvaluations", summary = "List a model's evaluations", description = "Newest first.")
	PageResponse<EvaluationResponse> list(@PathVariable String id, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size, @Parameter(
					description = "createdAt; optionally ,asc or ,desc") @RequestParam(required = false) String sort) {
		return PageResponse.of(
				this.evaluations.listForModel(id,
						PageQuery.of(page, size, sort, SORTABLE, Sort.by(Sort.Direction.DESC, "createdAt"))),
				this::view);
	}

	@GetMapping("/api/v1/evaluations/{id}")
	@Operation(operationId = "getEvaluation", summary = "Get an evaluation: status, progress, results")
	EvaluationResponse get(@PathVariable String id) {
		return view(this.evaluations.get(id));
	}

	@PostMapping("/api/v1/evaluations/{id}/cancel")
	@Operation(operationId = "cancelEvaluation", summary = "Cancel an evaluation",
			description = "A queued one at once; a running one's worker is stopped within about a second.")
	@ApiResponse(responseCode = "409", description = "The evaluation has finished")
	EvaluationResponse cancel(@PathVariable String id) {
		return view(this.evaluations.cancel(id));
	}

	@DeleteMapping("/api/v1/evaluations/{id}")
	@Operation(operationId = "deleteEvaluation", summary = "Delete a finished evaluation")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "409", description = "The evaluation is queued or running (cancel it first)")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.evaluations.delete(id);
		return ResponseEntity.noContent().build();
	}

	private EvaluationResponse view(Evaluation evaluation) {
		return new EvaluationResponse(evaluation.getId(), evaluation.getModelId(), evaluation.getCheckpointId(),
				evaluation.getDatasetId(), evaluation.getSplit(),
				this.json.readValue(evaluation.getMetrics(), new TypeReference<List<String>>() {
				}), this.json.readValue(evaluation.getOptions(), new TypeReference<Map<String, Object>>() {
				}), evaluation.getStatus(), evaluation.getProgress(), evaluation.getResults() == null ? null : this.json
					.readValue(evaluation.getResults(), new TypeReference<List<ModelEvaluator.Result>>() {
					}),
				evaluation.getError(), evaluation.getCreatedAt(), evaluation.getStartedAt(),
				evaluation.getFinishedAt());
	}

}
