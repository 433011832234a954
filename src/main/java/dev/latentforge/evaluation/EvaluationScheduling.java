package dev.latentforge.evaluation;

import java.time.Clock;

import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The db-scheduler task {@code evaluation} (instance id = evaluation id), run in the
 * node's worker slots next to training jobs. An execution whose node died is run again
 * from the start; an unexpected failure fails the evaluation.
 */
@Configuration(proxyBeanMethods = false)
class EvaluationScheduling {

	private static final Logger log = LoggerFactory.getLogger(EvaluationScheduling.class);

	@Bean
	CustomTask<Void> evaluationTask(ObjectProvider<EvaluationRunner> runner,
			ObjectProvider<EvaluationRepository> evaluations, ObjectProvider<TransactionTemplate> transactions,
			Clock clock) {
		return Tasks.custom(Evaluations.TASK_NAME, Void.class).onDeadExecution((complete, operations) -> {
			String id = complete.getExecution().taskInstance.getId();
			boolean requeued = Boolean.TRUE.equals(transactions.getObject()
				.execute((status) -> evaluations.getObject().findById(id).map((evaluation) -> {
					if (evaluation.getStatus() == EvaluationStatus.RUNNING) {
						evaluation.requeue("node " + complete.getExecution().pickedBy + " stopped heart-beating");
						evaluations.getObject().save(evaluation);
					}
					return evaluation.getStatus() == EvaluationStatus.QUEUED;
				}).orElse(false)));
			if (requeued) {
				operations.reschedule(complete, clock.instant());
			}
			else {
				operations.remove();
			}
		}).onFailure((complete, operations) -> {
			log.error("Evaluation {}: its execution failed unexpectedly", complete.getExecution().taskInstance.getId(),
					complete.getCause().orElse(null));
			operations.remove();
		}).execute((instance, context) -> runner.getObject().run(instance.getId(), context));
	}

}
