package dev.latentforge.jobs.scheduling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.jobs.AttemptStart;
import dev.latentforge.jobs.JobLifecycle;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.QualityMetric;

/**
 * Records batches of one attempt's protocol lines, fenced by the attempt number: runs of
 * progress and metric lines in one transaction each, checkpoints committed one by one in
 * order.
 */
final class WorkerMessageHandler implements Consumer<List<WorkerMessage>> {

	private final AttemptStart start;

	private final QualityMetric metric;

	private final JobLifecycle lifecycle;

	WorkerMessageHandler(AttemptStart start, QualityMetric metric, JobLifecycle lifecycle) {
		this.start = start;
		this.metric = metric;
		this.lifecycle = lifecycle;
	}

	@Override
	public void accept(List<WorkerMessage> batch) {
		List<WorkerMessage> reports = new ArrayList<>();
		for (WorkerMessage message : batch) {
			if (message.type().equals(WorkerMessage.CHECKPOINT)) {
				this.lifecycle.recordReports(this.start.jobId(), this.start.attempt(), reports);
				reports.clear();
				this.lifecycle.recordCheckpoint(new CheckpointService.Report(this.start.jobId(), this.start.attempt(),
						message.step(), Path.of(message.path()), message.sha256(), message.sizeBytes(),
						message.values() != null ? message.values() : Map.of()), this.metric, message);
			}
			else {
				reports.add(message);
			}
		}
		this.lifecycle.recordReports(this.start.jobId(), this.start.attempt(), reports);
	}

}
