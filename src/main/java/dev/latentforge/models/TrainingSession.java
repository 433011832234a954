package dev.latentforge.models;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.latentforge.engine.Rng;

/**
 * What the worker hands a family's trainer: the resolved job, its data, the device, a
 * manager for long-lived arrays (parameters, optimizer state) and the counter-based
 * random streams.
 *
 * @param spec the resolved job specification
 * @param totalSteps the number of steps of the whole run
 * @param data the training and held-out examples
 * @param manager the manager owning the model's arrays
 * @param device the device to train on
 * @param rng the job's random streams
 * @param inputs the directories of the checkpoints the spec refers to, by field
 * ({@link ReferencingSpec})
 */
public record TrainingSession(JobSpec spec, long totalSteps, TrainingData data, NDManager manager, Device device,
		Rng rng, java.util.Map<String, java.nio.file.Path> inputs) {

	public TrainingSession {
		inputs = inputs != null ? java.util.Map.copyOf(inputs) : java.util.Map.of();
	}

	/** A session of a job that refers to no other checkpoint. */
	public TrainingSession(JobSpec spec, long totalSteps, TrainingData data, NDManager manager, Device device,
			Rng rng) {
		this(spec, totalSteps, data, manager, device, rng, java.util.Map.of());
	}

}
