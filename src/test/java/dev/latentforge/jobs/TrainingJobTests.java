package dev.latentforge.jobs;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job lifecycle: guarded transitions, recorded history, crash counting and the
 * wall-time budget.
 */
class TrainingJobTests {

	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	static TrainingJob job() {
		return TrainingJob.submitted("j", new TrainingJob.Submission("tester", "n", "autoencoder", "{}", "shapes",
				"sha", 1, 0, "cpu", 100, null, null), T0);
	}

	@Test
	void everyTransitionIsRecordedWithItsReasonAndAttempt() {
		TrainingJob job = job();
		assertThat(job.start("node-a", T0.plusSeconds(1))).isEqualTo(1);
		job.succeed(T0.plusSeconds(11));
		assertThat(job.getTransitions()).extracting(JobTransition::getTo)
			.containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED);
		assertThat(job.getTransitions().get(1).getReason()).contains("attempt 1 started on node-a");
		assertThat(job.getRunningMillis()).isEqualTo(10_000);
		assertThat(job.getFinishedAt()).isEqualTo(T0.plusSeconds(11));
	}

	@Test
	void illegalTransitionsAreRefused() {
		TrainingJob job = job();
		assertThatThrownBy(() -> job.succeed(T0)).isInstanceOf(IllegalTransitionException.class)
			.hasMessageContaining("QUEUED");
		job.start("n", T0);
		job.succeed(T0);
		assertThatThrownBy(() -> job.requestCancel(T0)).isInstanceOf(IllegalTransitionException.class);
		assertThatThrownBy(() -> job.resume(T0)).isInstanceOf(IllegalTransitionException.class);
		for (JobStatus from : JobStatus.values()) {
			assertThat(from.canMoveTo(from)).as(from + " to itself").isFalse();
		}
		assertThat(JobStatus.SUCCEEDED.isFinished()).isTrue();
		assertThat(JobStatus.allowedFrom(JobStatus.SUCCEEDED)).isEmpty();
	}

	@Test
	void aQueuedCancelEndsAtOnceARunningOneIsFlagged() {
		TrainingJob queued = job();
		assertThat(queued.requestCancel(T0)).isTrue();
		assertThat(queued.getStatus()).isEqualTo(JobStatus.CANCELLED);
		TrainingJob running = job();
		running.start("n", T0);
		assertThat(running.requestCancel(T0)).isFalse();
		assertThat(running.getStatus()).isEqualTo(JobStatus.CANCELLING);
		assertThat(running.isCancelRequested()).isTrue();
		assertThat(running.requestCancel(T0)).as("repeating is harmless").isFalse();
	}

	@Test
	void anAttemptStoppedWhileCancellingEndsCancelledNotRequeued() {
		TrainingJob job = job();
		job.start("n", T0);
		job.requestCancel(T0);
		job.stopAttempt("the worker was killed", T0.plusSeconds(1));
		assertThat(job.getStatus()).isEqualTo(JobStatus.CANCELLED);
		assertThat(job.getTransitions().get(job.getTransitions().size() - 1).getReason())
			.contains("it was being cancelled");
	}

	@Test
	void resumeResetsCrashesAndTheWallTimeBudget() {
		TrainingJob job = job();
		job.start("n", T0);
		assertThat(job.recordCrash()).isEqualTo(1);
		job.stopAttempt("crashed", T0.plusSeconds(5));
		job.start("n", T0.plusSeconds(6));
		assertThat(job.recordCrash()).isEqualTo(2);
		job.fail("crashed twice", T0.plusSeconds(16));
		assertThat(job.getBudgetedMillis()).isEqualTo(15_000);
		job.resume(T0.plusSeconds(20));
		assertThat(job.getBudgetedMillis()).isZero();
		assertThat(job.getRunningMillis()).isEqualTo(15_000);
		assertThat(job.getFailureReason()).isNull();
		job.start("n", T0.plusSeconds(21));
		assertThat(job.recordCrash()).as("crashes count again from the resume").isEqualTo(1);
	}

	@Test
	void aJobFoundRunningIsRecordedAsRevivedBeforeItsNextAttempt() {
		TrainingJob job = job();
		job.start("dead-node", T0);
		assertThat(job.start("other-node", T0.plusSeconds(30))).isEqualTo(2);
		assertThat(job.getTransitions()).extracting(JobTransition::getTo)
			.containsExactly(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.RUNNING);
		assertThat(job.getTransitions().get(2).getReason()).contains("revived").contains("dead-node");
	}

}
