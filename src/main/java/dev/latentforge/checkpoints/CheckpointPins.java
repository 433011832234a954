package dev.latentforge.checkpoints;

import java.util.Set;

/**
 * Something that refers to checkpoints and must keep them from retention: a loaded model
 * in the inference cache, a recorded generation.
 */
public interface CheckpointPins {

	/** The ids of the job's checkpoints that must not be deleted. */
	Set<String> pinned(String jobId);

}
