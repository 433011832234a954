package dev.latentforge.generation;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.types.Shape;
import dev.latentforge.analysis.Percentiles;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.models.Autoencoding;

import org.springframework.stereotype.Component;

/**
 * The reconstruction errors of a checkpoint on its training images, from which anomaly
 * thresholds are read at any percentile. They are computed once per checkpoint (a
 * checkpoint never changes), on at most {@link #MAX_IMAGES} training images in stored
 * order, and kept for the most recently used checkpoints.
 */
@Component
class Calibrations {

	static final int MAX_IMAGES = 10_000;

	private final DatasetImages images;

	private final ServedModels served;

	private final Map<String, double[]> errors = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
			return size() > 16;
		}
	});

	private final java.util.concurrent.atomic.AtomicInteger computations = new java.util.concurrent.atomic.AtomicInteger();

	Calibrations(DatasetImages images, ServedModels served) {
		this.images = images;
		this.served = served;
	}

	/**
	 * A threshold.
	 *
	 * @param threshold the reconstruction error at the percentile
	 * @param percentile the percentile of the training errors
	 * @param images how many training images calibrated it
	 * @param split the split they came from
	 */
	record Threshold(double threshold, double percentile, int images, String split) {
	}

	Threshold threshold(ServedModels.Selected selected, ModelCache.Lease lease, double percentile) {
		// computed under the map's lock: concurrent first requests compute it once
		double[] sorted = this.errors.computeIfAbsent(selected.checkpoint().getId(), (id) -> {
			DatasetImages.Loaded training = this.images.training(selected, MAX_IMAGES);
			double[] computed = reconstructionErrors(training.values(), training.count(), selected, lease);
			Arrays.sort(computed);
			this.computations.incrementAndGet();
			return computed;
		});
		return new Threshold(Percentiles.of(sorted, percentile), percentile, sorted.length,
				selected.spec().dataOrDefault().split());
	}

	/** How many calibrations were computed (not served from the cache). */
	int computations() {
		return this.computations.get();
	}

	/** The sum over pixels of the squared reconstruction error of each image. */
	double[] reconstructionErrors(float[] values, int count, ServedModels.Selected selected, ModelCache.Lease lease) {
		CheckpointManifest.DatasetRef dataset = this.served.dataset(selected);
		Shape image = dataset.imageShape();
		Autoencoding model = (Autoencoding) lease.model();
		InferenceExecutor.Result result = this.served.inference()
			.run(lease.model(), values, count, image, model::reconstruct);
		int size = Math.toIntExact(image.size());
		double[] out = new double[count];
		float[] reconstructed = result.values();
		for (int n = 0; n < count; n++) {
			double sum = 0;
			for (int k = n * size; k < (n + 1) * size; k++) {
				double d = reconstructed[k] - values[k];
				sum += d * d;
			}
			out[n] = sum;
		}
		return out;
	}

}
