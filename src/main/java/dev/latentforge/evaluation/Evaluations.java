package dev.latentforge.evaluation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.latentforge.datasets.DatasetCatalog;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.generation.ServedModels;
import dev.latentforge.jobs.JobDeleted;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.security.Caller;
import dev.latentforge.security.Callers;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The client's side of evaluations: submission (validated against the family's evaluator
 * and the data set; the row and its db-scheduler execution in one transaction), look-up,
 * cancel and delete, all owner-scoped (another owner's evaluation answers 404).
 */
@Service
public class Evaluations {

	/**
	 * The db-scheduler task that runs evaluations; its instance id is the evaluation id.
	 */
	public static final String TASK_NAME = "evaluation";

	static final TaskDescriptor<Void> TASK = TaskDescriptor.of(TASK_NAME);

	private static final Logger log = LoggerFactory.getLogger(Evaluations.class);

	private final EvaluationRepository evaluations;

	private final ServedModels served;

	private final DatasetCatalog datasets;

	private final SchedulerClient scheduler;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	Evaluations(EvaluationRepository evaluations, ServedModels served, DatasetCatalog datasets,
			SchedulerClient scheduler, TransactionTemplate transactions, JsonMapper json, Clock clock) {
		this.evaluations = evaluations;
		this.served = served;
		this.datasets = datasets;
		this.scheduler = scheduler;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	Evaluation submit(String modelId, EvaluationController.EvaluationRequest request) {
		ServedModels.Selected selected = this.served.select(modelId, request.checkpoint(), null);
		ModelEvaluator evaluator = selected.family()
			.evaluator()
			.orElseThrow(() -> new ApiException(ProblemType.UNSUPPORTED_OPERATION,
					"Model " + modelId + " (" + selected.family().type() + ") offers no evaluations"));
		String datasetId = request.dataset() != null ? request.dataset() : selected.spec().dataset();
		DatasetInfo dataset = this.datasets.find(datasetId)
			.orElseThrow(() -> ApiException.invalid("dataset", "no data set '" + datasetId + "'"));
		Set<String> supported = evaluator.metrics(selected.spec().model(), dataset);
		if (request.metrics() == null || request.metrics().isEmpty()) {
			throw ApiException.invalid("metrics", "name at least one metric; this model supports " + supported)
				.with("supported", supported);
		}
		List<String> metrics = new ArrayList<>(new LinkedHashSet<>(request.metrics()));
		for (int i = 0; i < metrics.size(); i++) {
			if (!supported.contains(metrics.get(i))) {
				throw ApiException
					.invalid("metrics[" + i + "]",
							"unknown metric '" + metrics.get(i) + "' for this model on data set '" + datasetId
									+ "'; it supports " + supported)
					.with("supported", supported);
			}
		}
		DatasetInfo trained = this.datasets.find(selected.spec().dataset()).orElse(null);
		if (trained != null && (trained.channels() != dataset.channels() || trained.height() != dataset.height()
				|| trained.width() != dataset.width() || trained.kind() != dataset.kind())) {
			throw ApiException.invalid("dataset",
					"data set '" + datasetId + "' has examples of another shape than the model's (" + trained.channels()
							+ "×" + trained.height() + "×" + trained.width() + ")");
		}
		String split = request.split() != null ? request.split()
				: dataset.splits().containsKey("test") ? "test" : "train";
		if (!dataset.splits().containsKey(split)) {
			throw ApiException.invalid("split",
					"data set '" + datasetId + "' has no split '" + split + "'; it has " + dataset.splits().keySet());
		}
		Map<String, Object> options = request.options() == null ? Map.of() : request.options();
		String optionsJson = this.json.writeValueAsString(options);
		if (optionsJson.length() > 10_000) {
			throw ApiException.invalid("options", "too large");
		}
		Evaluation evaluation = new Evaluation(UUID.randomUUID().toString(), Callers.current().owner(),
				selected.job().getId(), selected.checkpoint().getId(), datasetId, split,
				this.json.writeValueAsString(metrics), optionsJson, this.clock.instant());
		return this.transactions.execute((status) -> {
			Evaluation saved = this.evaluations.save(evaluation);
			this.scheduler.scheduleIfNotExists(TASK.instance(saved.getId()).scheduledTo(this.clock.instant()));
			return saved;
		});
	}

	/** An evaluation the caller may see. */
	Evaluation get(String id) {
		Caller caller = Callers.current();
		return this.evaluations.findById(id)
			.filter((evaluation) -> caller.sees(evaluation.getOwner()))
			.orElseThrow(() -> ApiException.notFound("evaluation", id));
	}

	Page<Evaluation> listForModel(String modelId, Pageable pageable) {
		this.served.select(modelId, null, null);
		return this.evaluations.findByModelId(modelId, pageable);
	}

	/**
	 * Cancels an evaluation: a queued one at once; a running one is marked, and its node
	 * stops the worker within a second or two.
	 */
	Evaluation cancel(String id) {
		return this.transactions.execute((status) -> {
			Evaluation evaluation = get(id);
			boolean queued = evaluation.getStatus() == EvaluationStatus.QUEUED;
			evaluation.cancel(this.clock.instant());
			if (queued) {
				cancelExecution(id);
			}
			return this.evaluations.save(evaluation);
		});
	}

	/** Deletes a finished evaluation. */
	void delete(String id) {
		this.transactions.executeWithoutResult((status) -> {
			Evaluation evaluation = get(id);
			if (!evaluation.getStatus().isFinished()) {
				throw new ApiException(ProblemType.CONFLICT,
						"Evaluation " + id + " is " + evaluation.getStatus() + "; cancel it before deleting it");
			}
			this.evaluations.delete(evaluation);
		});
	}

	private void cancelExecution(String id) {
		try {
			this.scheduler.cancel(TASK.instanceId(id));
		}
		catch (RuntimeException ex) {
			// being picked right now: the runner sees CANCELLED and does nothing
			log.debug("Evaluation {}: execution not cancelled: {}", id, ex.toString());
		}
	}

	/** A model's evaluations go with it; running ones are stopped by their runners. */
	@EventListener
	public void on(JobDeleted deleted) {
		this.transactions.executeWithoutResult((status) -> {
			for (Evaluation evaluation : this.evaluations.findByModelId(deleted.jobId())) {
				if (evaluation.getStatus() == EvaluationStatus.QUEUED) {
					cancelExecution(evaluation.getId());
				}
				this.evaluations.delete(evaluation);
			}
		});
	}

}
