package dev.latentforge.generation;

import java.util.function.Function;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.Generating;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;

import org.springframework.stereotype.Component;

/**
 * Runs a {@link Generating} model on latent vectors (and encoded conditions) through the
 * {@link InferenceExecutor}: each input row is a latent vector followed by its encoded
 * condition, so the executor's fixed-size padded batches apply to both and a row's images
 * depend only on that row.
 */
@Component
public class Generator {

	private final ServedModels served;

	public Generator(ServedModels served) {
		this.served = served;
	}

	/**
	 * Generated examples.
	 *
	 * @param values the examples concatenated
	 * @param shape [N, C, H, W] for images, [N, d] for points
	 * @param receipt what produced them
	 */
	public record Output(float[] values, int[] shape, Receipt receipt) {

		public boolean points() {
			return this.shape.length == 2;
		}

	}

	/** What a leased model can generate: its latent size and vocabulary. */
	public record Model(int latentSize, ConditionVocabulary vocabulary) {
	}

	/**
	 * Leases the selected model, reads its latent size and vocabulary, lets the caller
	 * build the inputs from them, and generates.
	 * @param selected the model
	 * @param seed the seed recorded in the receipt, or {@code null}
	 * @param inputs builds the latents and conditions from the model's description
	 * @return the generated examples
	 */
	public Output generate(ServedModels.Selected selected, Long seed, Function<Model, Inputs> inputs) {
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			if (!(lease.model() instanceof Generating model)) {
				throw new ApiException(ProblemType.UNSUPPORTED_OPERATION,
						"Model " + selected.job().getId() + " cannot generate");
			}
			ConditionVocabulary vocabulary = model.vocabulary();
			Inputs in = inputs.apply(new Model(model.latentSize(), vocabulary));
			int latent = model.latentSize();
			int conditionSize = vocabulary.size();
			int width = latent + conditionSize;
			float[] rows = new float[in.count() * width];
			for (int i = 0; i < in.count(); i++) {
				System.arraycopy(in.latents(), i * latent, rows, i * width, latent);
				if (conditionSize > 0 && in.conditions() != null) {
					System.arraycopy(in.conditions(), i * conditionSize, rows, i * width + latent, conditionSize);
				}
			}
			// each row carries its latent and its condition, so the operation is one
			// function of the row and concurrent requests may share a forward pass
			InferenceExecutor.Result result = this.served.inference()
				.run(lease.model(), Capabilities.GENERATE, rows, in.count(), new Shape(width), onRows(model));
			return new Output(result.values(), result.shape(), this.served.receipt(selected, lease, seed));
		}
	}

	/**
	 * The forward pass over rows of [latent | encoded condition] [B, latentSize + K]: the
	 * model's generation from the two parts of each row (no condition when K is 0).
	 * @param model the generating model
	 * @return the operation the inference executor runs on padded batches of rows
	 */
	public static UnaryOperator<NDArray> onRows(Generating model) {
		int latent = model.latentSize();
		boolean conditioned = model.vocabulary().size() > 0;
		return (batch) -> model.generate(batch.get(new NDIndex(":, 0:" + latent)),
				conditioned ? batch.get(new NDIndex(":, " + latent + ":")) : null);
	}

	/**
	 * The inputs of one generation.
	 *
	 * @param latents float32 [count, latentSize]
	 * @param conditions float32 [count, vocabulary size], or {@code null} (all "any")
	 * @param count the rows
	 */
	public record Inputs(float[] latents, float[] conditions, int count) {
	}

}
