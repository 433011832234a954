package dev.latentforge.jobs.scheduling;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.jobs.AttemptStart;
import dev.latentforge.jobs.JobLifecycle;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.QualityMetric;

/** Records each protocol line of one attempt's worker, fenced by the attempt number. */
final class WorkerMessageHandler implements Consumer<WorkerMessage> {

	private final AttemptStart start;

	private final QualityMetric metric;

	private final JobLifecycle lifecycle;

	WorkerMessageHandler(AttemptStart start, QualityMetric metric, JobLifecycle lifecycle) {
		this.start = start;
		this.metric = metric;
		this.lifecycle = lifecycle;
	}

	@Override
	public void accept(WorkerMessage message) {
		String jobId = this.start.jobId();
		int attempt = this.start.attempt();
		switch (message.type()) {
			case WorkerMessage.PROGRESS -> this.lifecycle.recordProgress(jobId, attempt, message);
			case WorkerMessage.METRIC -> this.lifecycle.recordMetric(jobId, attempt, message);
			case WorkerMessage.CHECKPOINT -> this.lifecycle
				.recordCheckpoint(new CheckpointService.Report(jobId, attempt, message.step(), Path.of(message.path()),
						message.sha256(), message.sizeBytes(), message.values() != null ? message.values() : Map.of()),
						this.metric, message);
			default -> this.lifecycle.recordEvent(jobId, attempt, message);
		}
	}

}
