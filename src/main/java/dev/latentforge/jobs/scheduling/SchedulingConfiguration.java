package dev.latentforge.jobs.scheduling;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.latentforge.jobs.JobLifecycle;
import dev.latentforge.jobs.JobsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Wires db-scheduler by hand (its Boot 4 starter is not available): the custom task
 * {@code training-job}, whose instance id is the job id, and every other task bean (such
 * as {@code evaluation}). The scheduler's threads are this node's worker slots; it uses
 * the application's DataSource through a {@link TransactionAwareDataSourceProxy}, so
 * scheduling a job joins the transaction that inserts it. A node with 0 slots gets only a
 * {@link SchedulerClient}: it schedules, never runs.
 */
@Configuration(proxyBeanMethods = false)
public class SchedulingConfiguration {

	/** The name of the task that runs training jobs. */
	public static final String TASK_NAME = "training-job";

	private static final Logger log = LoggerFactory.getLogger(SchedulingConfiguration.class);

	@Bean
	CustomTask<Void> trainingTask(ObjectProvider<AttemptRunner> runner, JobLifecycle lifecycle,
			JobsProperties properties, Clock clock, NodeName node) {
		return Tasks.custom(TASK_NAME, Void.class).onDeadExecution((complete, operations) -> {
			String jobId = complete.getExecution().taskInstance.getId();
			String reason = "node " + complete.getExecution().pickedBy + " stopped heart-beating (last at "
					+ complete.getExecution().lastHeartbeat + "); noticed by " + node.value();
			if (lifecycle.revive(jobId, reason)) {
				operations.reschedule(complete, clock.instant());
			}
			else {
				operations.remove();
			}
		}).onFailure((complete, operations) -> {
			log.error("Job {}: its execution failed unexpectedly; retrying in {}",
					complete.getExecution().taskInstance.getId(), properties.retryDelay(),
					complete.getCause().orElse(null));
			operations.reschedule(complete, clock.instant().plus(properties.retryDelay()));
		}).execute((instance, context) -> runner.getObject().run(instance.getId(), context));
	}

	@Bean
	SchedulerClient schedulerClient(DataSource dataSource, List<Task<?>> tasks, JobsProperties properties,
			NodeName node) {
		DataSource transactional = dataSource instanceof TransactionAwareDataSourceProxy ? dataSource
				: new TransactionAwareDataSourceProxy(dataSource);
		if (properties.workerSlots() == 0) {
			return SchedulerClient.Builder.create(transactional, tasks).enablePriority().build();
		}
		return Scheduler.create(transactional, tasks)
			.threads(properties.workerSlots())
			.pollingInterval(properties.pollingInterval())
			.heartbeatInterval(properties.heartbeatInterval())
			.missedHeartbeatsLimit(properties.missedHeartbeats())
			.schedulerName(new SchedulerName.Fixed(node.value()))
			.enablePriority()
			.enableImmediateExecution()
			.shutdownMaxWait(properties.shutdownMaxWait())
			.build();
	}

	@Bean
	SmartLifecycle schedulerLifecycle(SchedulerClient client) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				if (client instanceof Scheduler scheduler) {
					scheduler.start();
				}
				this.running = true;
			}

			@Override
			public void stop() {
				if (client instanceof Scheduler scheduler) {
					log.info("Stopping the job scheduler; running jobs checkpoint and go back to the queue");
					scheduler.stop();
				}
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

			@Override
			public int getPhase() {
				// after the web server stops taking requests, before the data source
				// closes
				return SmartLifecycle.DEFAULT_PHASE - 4096;
			}
		};
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
