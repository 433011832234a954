package dev.latentforge.models.gan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UpdateGuard}: a non-finite gradient under finite losses skips the update and is
 * counted; a non-finite loss is not counted (the job fails on it); ten steps in a row
 * that skip an update report a non-finite loss.
 */
class UpdateGuardTests {

	@Test
	void aNonFiniteGradientSkipsTheUpdateAndIsCounted() {
		UpdateGuard guard = new UpdateGuard();
		guard.startStep();
		assertThat(guard.allows(0.7, 0, 3.2)).isTrue();
		assertThat(guard.allows(0.7, 0.1, Double.NaN)).isFalse();
		assertThat(guard.allows(0.7, 0, Double.POSITIVE_INFINITY)).isFalse();
		assertThat(guard.skipped()).isEqualTo(2);
		assertThat(guard.allows(Double.NaN, 0, 3.2)).isFalse();
		assertThat(guard.allows(0.7, Double.NaN, 3.2)).isFalse();
		assertThat(guard.skipped()).as("non-finite losses are not skips").isEqualTo(2);
		assertThat(guard.endStep(1.5)).isEqualTo(1.5);
	}

	@Test
	void tenStepsInARowThatSkipReportANonFiniteLoss() {
		UpdateGuard guard = new UpdateGuard();
		for (int step = 1; step < UpdateGuard.MAX_SKIPPING_STEPS; step++) {
			guard.startStep();
			guard.allows(0.7, 0, Double.NaN);
			assertThat(guard.endStep(1.5)).as("step %d", step).isEqualTo(1.5);
		}
		guard.startStep();
		assertThat(guard.allows(0.7, 0, 3.2)).isTrue();
		assertThat(guard.endStep(1.5)).as("a clean step resets the run").isEqualTo(1.5);
		for (int step = 1; step <= UpdateGuard.MAX_SKIPPING_STEPS; step++) {
			guard.startStep();
			guard.allows(0.7, 0, Double.NaN);
			double loss = guard.endStep(1.5);
			assertThat(Double.isNaN(loss)).as("step %d", step).isEqualTo(step == UpdateGuard.MAX_SKIPPING_STEPS);
		}
		assertThat(guard.skipped()).isEqualTo(2L * UpdateGuard.MAX_SKIPPING_STEPS - 1);
	}

}
