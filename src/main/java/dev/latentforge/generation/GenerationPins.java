package dev.latentforge.generation;

import java.util.HashSet;
import java.util.Set;

import dev.latentforge.checkpoints.CheckpointPins;

import org.springframework.stereotype.Component;

/**
 * Keeps every checkpoint a recorded generation refers to, so that the generation can be
 * replayed for as long as its record exists.
 */
@Component
class GenerationPins implements CheckpointPins {

	private final GenerationRepository generations;

	GenerationPins(GenerationRepository generations) {
		this.generations = generations;
	}

	@Override
	public Set<String> pinned(String jobId) {
		return new HashSet<>(this.generations.findCheckpointIdsByModelId(jobId));
	}

}
