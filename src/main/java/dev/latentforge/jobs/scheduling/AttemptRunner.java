package dev.latentforge.jobs.scheduling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import dev.latentforge.StorageProperties;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.datasets.DatasetCatalog;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.jobs.AttemptStart;
import dev.latentforge.jobs.JobLifecycle;
import dev.latentforge.jobs.JobStatus;
import dev.latentforge.jobs.JobsProperties;
import dev.latentforge.jobs.worker.JobFile;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Runs one attempt of a job on this node, inside a db-scheduler execution (one worker
 * slot): starts the attempt, launches the worker, records what it reports, forwards
 * cancel and shutdown to it, kills it when it falls silent (watchdog) or outlives a grace
 * period, and decides what happens next: the job succeeds, fails, is cancelled, or goes
 * back to the queue (retried after a crash, re-queued on shutdown).
 */
@Component
class AttemptRunner {

	private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

	private final JobLifecycle lifecycle;

	private final CheckpointService checkpoints;

	private final DatasetCatalog datasets;

	private final ModelFamilies families;

	private final WorkerLauncher launcher;

	private final StorageProperties storage;

	private final JobsProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final String node;

	private final dev.latentforge.jobs.ModelReferences references;

	AttemptRunner(JobLifecycle lifecycle, CheckpointService checkpoints, DatasetCatalog datasets,
			ModelFamilies families, WorkerLauncher launcher, StorageProperties storage, JobsProperties properties,
			JsonMapper json, Clock clock, NodeName node, dev.latentforge.jobs.ModelReferences references) {
		this.references = references;
		this.lifecycle = lifecycle;
		this.checkpoints = checkpoints;
		this.datasets = datasets;
		this.families = families;
		this.launcher = launcher;
		this.storage = storage;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.node = node.value();
	}

	CompletionHandler<Void> run(String jobId, ExecutionContext context) {
		JobLifecycle.Start decision = this.lifecycle.startAttempt(jobId, this.node);
		if (decision.deferred()) {
			// the owner already trains as many jobs as its quota allows: stay queued,
			// look again soon
			return Outcomes.rescheduleAt(this.clock.instant().plus(this.properties.retryDelay().multipliedBy(2)));
		}
		AttemptStart start = decision.attempt();
		if (start == null) {
			return finished(jobId);
		}
		this.checkpoints.sweepUncommitted(jobId);
		try {
			return supervise(start, context);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return stop(start, "node " + this.node + " stopped before the worker finished");
		}
		catch (ApiException ex) {
			// the job cannot run at all (its data set was deleted): retrying would not
			// help
			this.lifecycle.finishAttempt(jobId, start.attempt(),
					(job) -> job.fail(ex.getMessage(), this.clock.instant()));
			return finished(jobId);
		}
		catch (IOException | RuntimeException ex) {
			log.error("Job {}: attempt {} could not run", jobId, start.attempt(), ex);
			return retryOrFail(start, "the node could not run the worker: " + ex);
		}
	}

	private CompletionHandler<Void> supervise(AttemptStart start, ExecutionContext context)
			throws IOException, InterruptedException {
		JobSpec spec = this.json.readValue(start.specJson(), JobSpec.class);
		ModelFamily family = this.families.require(start.family());
		DatasetInfo dataset = this.datasets.require(start.datasetId());
		Path attemptDir = this.storage.jobs().resolve(start.jobId()).resolve("a" + start.attempt());
		Files.createDirectories(attemptDir);
		Long remaining = spec.training().maxWallTime() == null ? null
				: Math.max(0, spec.training().maxWallTime().toMillis() - start.budgetedMillis());
		JobFile jobFile = new JobFile(start.jobId(), start.attempt(), start.family(), spec,
				new CheckpointManifest.DatasetRef(dataset.id(), start.datasetSha256(), start.datasetVersion(),
						dataset.channels(), dataset.height(), dataset.width(), dataset.bitDepth()),
				this.datasets.directory(dataset.id()).toAbsolutePath().toString(),
				attemptDir.toAbsolutePath().toString(),
				start.resumeFrom() == null ? null : start.resumeFrom().toAbsolutePath().toString(), start.device(),
				remaining,
				// a fresh start reads the referenced checkpoints; a resumed run has their
				// values in its own checkpoint
				start.resumeFrom() == null ? this.references.directories(spec.model()) : java.util.Map.of());
		Path jobPath = attemptDir.resolve(JobFile.FILE_NAME);
		jobFile.write(jobPath, this.json);
		WorkerMessageHandler handler = new WorkerMessageHandler(start, family.qualityMetric(spec.model()),
				this.lifecycle);
		WorkerProcess worker = new WorkerProcess(
				this.launcher.start(start.jobId(), jobPath, attemptDir.resolve("worker.log"), start.threads()),
				start.jobId(), this.json, handler);
		log.info("Job {}: attempt {} started worker pid {} (resuming from step {})", start.jobId(), start.attempt(),
				worker.pid(), start.resumeStep());
		Supervision supervision = new Supervision(worker, this.properties);
		int exitCode;
		try {
			exitCode = supervision.await(() -> context.getSchedulerState().isShuttingDown(),
					() -> this.lifecycle.cancelRequested(start.jobId()));
		}
		catch (InterruptedException ex) {
			worker.kill();
			throw ex;
		}
		return decide(start, worker, supervision, exitCode);
	}

	private CompletionHandler<Void> decide(AttemptStart start, WorkerProcess worker, Supervision supervision,
			int exitCode) {
		Instant now = this.clock.instant();
		String jobId = start.jobId();
		WorkerMessage terminal = worker.terminal();
		if (worker.recordingFailure() != null) {
			return retryOrFail(start,
					"the node could not record the worker's reports (" + worker.recordingFailure() + ")");
		}
		if (terminal != null && terminal.type().equals(WorkerMessage.DONE)) {
			switch (terminal.reason()) {
				case WorkerMessage.COMPLETED -> {
					this.lifecycle.finishAttempt(jobId, start.attempt(), (job) -> job.succeed(now));
					return finished(jobId);
				}
				case WorkerMessage.CANCELLED -> {
					this.lifecycle.finishAttempt(jobId, start.attempt(),
							(job) -> job.cancelled(terminal.step() > 0
									? "cancelled at step " + terminal.step() + "; its checkpoint is kept"
									: "cancelled before its first step", now));
					return finished(jobId);
				}
				default -> {
					return stop(start,
							"node " + this.node + " shut down; the worker checkpointed at step " + terminal.step());
				}
			}
		}
		if (terminal != null && Boolean.FALSE.equals(terminal.retryable())) {
			this.lifecycle.finishAttempt(jobId, start.attempt(), (job) -> job.fail(terminal.reason(), now));
			return finished(jobId);
		}
		if (supervision.shutdownSent()) {
			return stop(start,
					"node " + this.node + " shut down; the worker " + describe(exitCode, supervision, terminal));
		}
		if (supervision.cancelSent()) {
			this.lifecycle.finishAttempt(jobId, start.attempt(),
					(job) -> job.cancelled("cancelled; the worker " + describe(exitCode, supervision, terminal), now));
			return finished(jobId);
		}
		return retryOrFail(start, "the worker " + describe(exitCode, supervision, terminal));
	}

	/**
	 * A crashed attempt: retried from the last checkpoint while crashes remain under
	 * max-attempts.
	 */
	private CompletionHandler<Void> retryOrFail(AttemptStart start, String reason) {
		Instant now = this.clock.instant();
		int max = this.properties.maxAttempts();
		boolean[] retry = { false };
		this.lifecycle.finishAttempt(start.jobId(), start.attempt(), (job) -> {
			int crashes = job.recordCrash();
			if (crashes < max) {
				job.stopAttempt(
						reason + "; retry " + (crashes + 1) + " of " + max + " resumes from the last checkpoint", now);
				retry[0] = job.getStatus() == JobStatus.QUEUED;
			}
			else if (job.getStatus() == JobStatus.CANCELLING) {
				job.cancelled(reason + "; it was being cancelled", now);
			}
			else {
				job.fail(reason + " (" + crashes + " crashed attempts of " + max + " allowed; no retries left)", now);
			}
		});
		return retry[0] ? Outcomes.rescheduleAt(now.plus(this.properties.retryDelay())) : finished(start.jobId());
	}

	/**
	 * An attempt stopped from outside (shutdown, interruption): the job goes back to the
	 * queue.
	 */
	private CompletionHandler<Void> stop(AttemptStart start, String reason) {
		this.lifecycle.finishAttempt(start.jobId(), start.attempt(),
				(job) -> job.stopAttempt(reason, this.clock.instant()));
		return this.lifecycle.isQueued(start.jobId()) ? Outcomes.rescheduleAt(this.clock.instant())
				: finished(start.jobId());
	}

	private CompletionHandler<Void> finished(String jobId) {
		return Outcomes.finished(this.lifecycle, jobId, this.clock);
	}

	static String describe(int exitCode, Supervision supervision, WorkerMessage terminal) {
		if (supervision.watchdogFired()) {
			return "reported nothing for " + supervision.watchdogTimeout() + " and was killed by the watchdog";
		}
		if (supervision.killedAfterGrace()) {
			return "did not stop within its grace period and was killed";
		}
		if (terminal != null && terminal.reason() != null) {
			return "failed: " + terminal.reason();
		}
		return switch (exitCode) {
			case 137 -> "was killed (exit 137, SIGKILL: out of memory or kill -9)";
			case 134 -> "crashed (exit 134, SIGABRT: a native abort)";
			case 139 -> "crashed (exit 139, SIGSEGV)";
			case 143 -> "was terminated (exit 143, SIGTERM)";
			default -> "exited with status " + exitCode + " without finishing";
		};
	}

}
