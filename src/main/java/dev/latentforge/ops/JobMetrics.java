package dev.latentforge.ops;

import java.time.Duration;

import dev.latentforge.jobs.JobStatus;
import dev.latentforge.jobs.TrainingJobRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The job gauges: {@code latentforge.jobs} per {@code status},
 * {@code latentforge.jobs.queue.depth} and {@code latentforge.training.steps.per.second}.
 * They read a {@link JobCounts} snapshot that one query refreshes every
 * {@code latentforge.ops.metrics-refresh}, so a scrape never touches the database.
 *
 * <p>
 * The counts are deployment-wide (every node reads the same table and reports the same
 * values): aggregate them across nodes with {@code max}, not {@code sum}.
 */
@Component
class JobMetrics implements MeterBinder, SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(JobMetrics.class);

	private final TrainingJobRepository jobs;

	private final Duration refreshInterval;

	private volatile JobCounts counts = JobCounts.UNKNOWN;

	JobMetrics(TrainingJobRepository jobs, OpsProperties properties) {
		this.jobs = jobs;
		this.refreshInterval = properties.metricsRefresh();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (JobStatus status : JobStatus.values()) {
			Gauge.builder("latentforge.jobs", this, (metrics) -> metrics.counts.count(status))
				.description("Jobs in each status, across the deployment")
				.tag("status", status.name())
				.register(registry);
		}
		Gauge.builder("latentforge.jobs.queue.depth", this, (metrics) -> metrics.counts.count(JobStatus.QUEUED))
			.description("Jobs waiting for a worker slot, across the deployment")
			.register(registry);
		Gauge.builder("latentforge.training.steps.per.second", this, (metrics) -> metrics.counts.stepsPerSecond())
			.description("Training steps per second summed over the running jobs")
			.register(registry);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::refresh, this.refreshInterval);
	}

	/** Re-reads the counts; on failure the gauges keep the last ones. */
	void refresh() {
		try {
			this.counts = JobCounts.of(this.jobs.tallyByStatus());
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh the job gauges (they keep their last values): {}", ex.toString());
		}
	}

}
