package dev.latentforge.evaluation;

import java.util.HashSet;
import java.util.Set;

import dev.latentforge.checkpoints.CheckpointPins;

import org.springframework.stereotype.Component;

/** Keeps the checkpoints of queued and running evaluations from retention. */
@Component
class EvaluationPins implements CheckpointPins {

	private final EvaluationRepository evaluations;

	EvaluationPins(EvaluationRepository evaluations) {
		this.evaluations = evaluations;
	}

	@Override
	public Set<String> pinned(String jobId) {
		return new HashSet<>(this.evaluations.findUnfinishedCheckpointIds(jobId));
	}

}
