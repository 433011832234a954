package dev.latentforge.evaluation;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of an evaluation and the one table of allowed changes: {@code QUEUED →
 * RUNNING → SUCCEEDED | FAILED | CANCELLED}, {@code QUEUED → CANCELLED}, and
 * {@code RUNNING → QUEUED} (its node stopped or died; it runs again from the start).
 */
public enum EvaluationStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	private static final Map<EvaluationStatus, Set<EvaluationStatus>> ALLOWED = Map.of(QUEUED,
			EnumSet.of(RUNNING, CANCELLED), RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED), SUCCEEDED,
			EnumSet.noneOf(EvaluationStatus.class), FAILED, EnumSet.noneOf(EvaluationStatus.class), CANCELLED,
			EnumSet.noneOf(EvaluationStatus.class));

	public boolean mayBecome(EvaluationStatus next) {
		return ALLOWED.get(this).contains(next);
	}

	public boolean isFinished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
