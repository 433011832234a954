package dev.latentforge.models;

import java.util.Map;
import java.util.Optional;

import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.tensors.Tensor;

/**
 * A family's training loop, driven step by step by the worker, which owns progress
 * reporting, checkpoint files, cancellation and failure handling. Implementations keep
 * every random draw on the session's counter-based {@link dev.latentforge.engine.Rng}, so
 * that a run resumed from a checkpoint repeats the uninterrupted run exactly.
 */
public interface ModelTrainer extends AutoCloseable {

	/**
	 * Builds the network and either initialises it (step 0) or restores it from a
	 * checkpoint, optimizer state included.
	 * @param resume the checkpoint to continue from, if any
	 */
	void initialise(Optional<CheckpointData> resume);

	/**
	 * Runs one step (one update of the primary parameters).
	 * @param step the 1-based step number
	 * @return this step's metrics; {@code loss} must be present and is checked for NaN
	 */
	Map<String, Double> step(long step);

	/**
	 * What the run is doing at this step, for progress ("training", "layer 2 of 3,
	 * pretraining").
	 */
	default String phase(long step) {
		return "training";
	}

	/** The trained parameters by stable name. */
	Map<String, Tensor> parameters();

	/**
	 * The optimizer state by stable name (moments, step counts), enough to resume
	 * exactly.
	 */
	Map<String, Tensor> optimizerState();

	/** Held-out metrics for a checkpoint; must contain the family's quality metric. */
	Map<String, Double> evaluate();

	/**
	 * A PNG of samples made from a fixed evaluation batch, comparable across steps and
	 * jobs.
	 */
	byte[] sampleGrid();

	@Override
	void close();

}
