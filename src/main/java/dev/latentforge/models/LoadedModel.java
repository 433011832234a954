package dev.latentforge.models;

/**
 * A trained model loaded for inference in the service. Operations are offered through
 * capability interfaces (such as {@link Autoencoding}); the caller runs them on inference
 * threads with grad mode off, in fixed-size padded batches.
 */
public interface LoadedModel extends AutoCloseable {

	/**
	 * The manager that owns the model's arrays; inputs are created in sub-managers of it.
	 */
	ai.djl.ndarray.NDManager manager();

	@Override
	void close();

}
