package dev.latentforge.generation;

import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.models.Autoencoding;
import dev.latentforge.web.ApiException;

import org.springframework.stereotype.Component;

/**
 * The codes of a split of a model's data set (its encoder's outputs), with the images'
 * labels: the representation that {@code /embedding} returns and {@code /cluster}
 * clusters.
 */
@Component
class Embeddings {

	static final int MAX_LIMIT = 10_000;

	private final ServedModels served;

	private final DatasetImages images;

	Embeddings(ServedModels served, DatasetImages images) {
		this.served = served;
		this.images = images;
	}

	/**
	 * Codes of images.
	 *
	 * @param images the images encoded
	 * @param codes {@code count × latent} codes, row after row
	 * @param latent the code size
	 */
	record Codes(DatasetImages.Loaded images, float[] codes, int latent) {
	}

	static int limit(Integer requested, int defaultLimit, int max) {
		int limit = requested != null ? requested : defaultLimit;
		if (limit < 1 || limit > max) {
			throw ApiException.invalid("limit", "must be between 1 and " + max);
		}
		return limit;
	}

	Codes encode(ServedModels.Selected selected, ModelCache.Lease lease, String split, int limit) {
		DatasetImages.Loaded loaded = this.images.load(selected, this.images.split(selected, split), limit);
		if (loaded.count() == 0) {
			throw ApiException.invalid("split",
					"the split '" + loaded.split() + "' holds no images of this model's " + "classes");
		}
		CheckpointManifest.DatasetRef dataset = this.served.dataset(selected);
		Autoencoding model = (Autoencoding) lease.model();
		InferenceExecutor.Result result = this.served.inference()
			.run(lease.model(), loaded.values(), loaded.count(), dataset.imageShape(), model::encode);
		return new Codes(loaded, result.values(), model.latentSize());
	}

}
