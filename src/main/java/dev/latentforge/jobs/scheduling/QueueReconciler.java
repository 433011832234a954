package dev.latentforge.jobs.scheduling;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.latentforge.jobs.TrainingJob;
import dev.latentforge.jobs.TrainingJobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives every queued job an execution. A job resumed in the instant its last attempt was
 * ending can find that attempt's execution still present (so it schedules none) and lose
 * it when the attempt ends; this check, every 30 s on every node, schedules such a job
 * again.
 */
@Component
class QueueReconciler {

	private static final Logger log = LoggerFactory.getLogger(QueueReconciler.class);

	private static final TaskDescriptor<Void> TASK = TaskDescriptor.of(SchedulingConfiguration.TASK_NAME);

	private final TrainingJobRepository jobs;

	private final SchedulerClient scheduler;

	private final Clock clock;

	QueueReconciler(TrainingJobRepository jobs, SchedulerClient scheduler, Clock clock) {
		this.jobs = jobs;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	@Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
	void reconcile() {
		OffsetDateTime before = OffsetDateTime.ofInstant(this.clock.instant().minusSeconds(30), ZoneOffset.UTC);
		List<TrainingJob> orphans = this.jobs.findQueuedWithoutExecution(before);
		for (TrainingJob job : orphans) {
			if (this.scheduler.scheduleIfNotExists(
					TASK.instance(job.getId()).priority(job.getPriority()).scheduledTo(this.clock.instant()))) {
				log.warn("Job {} was queued without a scheduler execution; scheduled it again", job.getId());
			}
		}
	}

}
