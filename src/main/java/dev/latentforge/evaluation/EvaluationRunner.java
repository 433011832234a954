package dev.latentforge.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import dev.latentforge.StorageProperties;
import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointRepository;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.datasets.DatasetCatalog;
import dev.latentforge.jobs.TrainingJob;
import dev.latentforge.jobs.TrainingJobRepository;
import dev.latentforge.jobs.scheduling.NodeName;
import dev.latentforge.jobs.scheduling.WorkerLauncher;
import dev.latentforge.jobs.worker.EvaluationFile;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one evaluation on this node inside a db-scheduler execution (one worker slot):
 * marks it running, starts a worker in its evaluation mode, records its progress, stops
 * it when the evaluation is cancelled (checked every second) or the node shuts down (the
 * evaluation goes back to the queue), and stores the results or the failure.
 */
@Component
class EvaluationRunner {

	private static final Logger log = LoggerFactory.getLogger(EvaluationRunner.class);

	private final EvaluationRepository evaluations;

	private final TrainingJobRepository jobs;

	private final CheckpointRepository checkpointRows;

	private final CheckpointService checkpoints;

	private final DatasetCatalog datasets;

	private final WorkerLauncher launcher;

	private final StorageProperties storage;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	private final String node;

	EvaluationRunner(EvaluationRepository evaluations, TrainingJobRepository jobs, CheckpointRepository checkpointRows,
			CheckpointService checkpoints, DatasetCatalog datasets, WorkerLauncher launcher, StorageProperties storage,
			TransactionTemplate transactions, JsonMapper json, Clock clock, NodeName node) {
		this.evaluations = evaluations;
		this.jobs = jobs;
		this.checkpointRows = checkpointRows;
		this.checkpoints = checkpoints;
		this.datasets = datasets;
		this.launcher = launcher;
		this.storage = storage;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
		this.node = node.value();
	}

	CompletionHandler<Void> run(String id, ExecutionContext context) {
		Optional<Evaluation> started = update(id, (evaluation) -> {
			if (evaluation.getStatus() == EvaluationStatus.QUEUED) {
				evaluation.start(this.node, this.clock.instant());
			}
		}).filter((evaluation) -> evaluation.getStatus() == EvaluationStatus.RUNNING);
		if (started.isEmpty()) {
			return remove();
		}
		Evaluation evaluation = started.get();
		try {
			return supervise(evaluation, context);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			update(id, (e) -> e.requeue("node " + this.node + " stopped during the evaluation"));
			return (complete, operations) -> operations.reschedule(complete, this.clock.instant());
		}
		catch (IOException | RuntimeException ex) {
			log.error("Evaluation {} could not run", id, ex);
			finish(id, (e) -> e.fail("the node could not run the evaluation: " + ex, this.clock.instant()));
			return remove();
		}
	}

	private CompletionHandler<Void> supervise(Evaluation evaluation, ExecutionContext context)
			throws IOException, InterruptedException {
		String id = evaluation.getId();
		TrainingJob job = this.jobs.findById(evaluation.getModelId())
			.orElseThrow(() -> new IllegalStateException("its model was deleted"));
		Checkpoint checkpoint = this.checkpointRows.findById(evaluation.getCheckpointId())
			.orElseThrow(() -> new IllegalStateException("its checkpoint was deleted"));
		Path dir = this.storage.dataDir().resolve("evaluations").resolve(id);
		Files.createDirectories(dir);
		Path resultFile = dir.resolve("results.json");
		Files.deleteIfExists(resultFile);
		EvaluationFile file = new EvaluationFile(id, job.getFamily(), this.json.readValue(job.getSpec(), JobSpec.class),
				this.checkpoints.directory(checkpoint).toAbsolutePath().toString(),
				this.datasets.directory(evaluation.getDatasetId()).toAbsolutePath().toString(), evaluation.getSplit(),
				this.json.readValue(evaluation.getMetrics(), new TypeReference<List<String>>() {
				}), this.json.readValue(evaluation.getOptions(), new TypeReference<Map<String, Object>>() {
				}), seed(id), this.storage.dataDir().resolve("evaluators").toAbsolutePath().toString(),
				resultFile.toAbsolutePath().toString());
		Path filePath = dir.resolve("evaluation.json");
		file.write(filePath, this.json);
		Process process = this.launcher.startEvaluation(id, filePath, dir.resolve("worker.log"));
		log.info("Evaluation {}: worker pid {} evaluates {} of model {}", id, process.pid(), file.metrics(),
				evaluation.getModelId());
		WorkerMessage[] terminal = new WorkerMessage[1];
		Thread reader = new Thread(() -> read(id, process, terminal), "evaluation-" + id);
		reader.setDaemon(true);
		reader.start();
		boolean cancelled = false;
		boolean shutdown = false;
		while (!process.waitFor(1, TimeUnit.SECONDS)) {
			Optional<Evaluation> current = this.evaluations.findById(id);
			if (current.isEmpty() || current.get().getStatus() != EvaluationStatus.RUNNING) {
				cancelled = true;
				process.destroyForcibly();
			}
			else if (context.getSchedulerState().isShuttingDown()) {
				shutdown = true;
				process.destroyForcibly();
			}
		}
		reader.join(5000);
		int exit = process.exitValue();
		if (cancelled) {
			log.info("Evaluation {}: stopped (cancelled or deleted)", id);
			return remove();
		}
		if (shutdown) {
			update(id, (e) -> e.requeue("node " + this.node + " shut down during the evaluation; it runs again"));
			return (complete, operations) -> operations.reschedule(complete, this.clock.instant());
		}
		WorkerMessage end = terminal[0];
		if (end != null && end.type().equals(WorkerMessage.DONE) && Files.exists(resultFile)) {
			List<ModelEvaluator.Result> results = this.json.readValue(resultFile.toFile(),
					new TypeReference<List<ModelEvaluator.Result>>() {
					});
			finish(id, (e) -> e.succeed(this.json.writeValueAsString(results), this.clock.instant()));
			log.info("Evaluation {}: succeeded", id);
		}
		else {
			String reason = end != null && end.reason() != null ? end.reason()
					: "the worker exited with status " + exit + " without results (see its log)";
			finish(id, (e) -> e.fail(reason, this.clock.instant()));
			log.warn("Evaluation {}: failed: {}", id, reason);
		}
		return remove();
	}

	private void read(String id, Process process, WorkerMessage[] terminal) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				WorkerMessage message = this.json.readValue(line, WorkerMessage.class);
				switch (message.type()) {
					case WorkerMessage.PROGRESS -> update(id, (e) -> {
						if (e.getStatus() == EvaluationStatus.RUNNING && message.total() != null
								&& message.total() > 0) {
							e.progress((double) message.step() / message.total());
						}
					});
					case WorkerMessage.DONE, WorkerMessage.FAILED -> terminal[0] = message;
					default -> {
					}
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Evaluation {}: could not read its worker: {}", id, ex.toString());
		}
	}

	/**
	 * A stable seed per evaluation, so that a re-run after a node failure draws the same.
	 */
	static long seed(String id) {
		return java.util.UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits() >>> 1;
	}

	private Optional<Evaluation> update(String id, Consumer<Evaluation> change) {
		return this.transactions.execute((status) -> this.evaluations.findById(id).map((evaluation) -> {
			change.accept(evaluation);
			return this.evaluations.save(evaluation);
		}));
	}

	/** A terminal change, unless the evaluation was cancelled or deleted meanwhile. */
	private void finish(String id, Consumer<Evaluation> change) {
		update(id, (evaluation) -> {
			if (evaluation.getStatus() == EvaluationStatus.RUNNING) {
				change.accept(evaluation);
			}
		});
	}

	private static CompletionHandler<Void> remove() {
		return (complete, operations) -> operations.remove();
	}

}
