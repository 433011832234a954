package dev.latentforge.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import dev.latentforge.datasets.DatasetCatalog;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.Examples;
import dev.latentforge.models.TrainingData;
import dev.latentforge.web.ApiException;

import org.springframework.stereotype.Component;

/**
 * Reads the images of a served model's data set for analyses in the service (anomaly
 * calibration, embeddings, clustering): a split, restricted to the classes the model's
 * job trained on, the first {@code limit} in stored order.
 */
@Component
class DatasetImages {

	private final DatasetCatalog catalog;

	DatasetImages(DatasetCatalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * Images of a split with their labels.
	 *
	 * @param split the split
	 * @param values the pixel values in [0, 1], (C, H, W) per image, concatenated
	 * @param count the number of images
	 * @param labels their labels, or {@code null} when the data set is unlabelled
	 * @param classes the class names in label order (empty when unlabelled)
	 */
	record Loaded(String split, float[] values, int count, int[] labels, List<String> classes) {
	}

	/**
	 * The split a request names, or the model's default: {@code test} when the data set
	 * has one, else {@code train}.
	 */
	String split(ServedModels.Selected selected, String requested) {
		DatasetInfo info = this.catalog.require(selected.spec().dataset());
		String split = requested != null ? requested : info.splits().containsKey("test") ? "test" : "train";
		if (!info.splits().containsKey(split)) {
			throw ApiException.invalid("split",
					"unknown split '" + split + "'; data set '" + info.id() + "' has " + info.splits().keySet());
		}
		return split;
	}

	/**
	 * Loads images.
	 * @param selected the served model
	 * @param split the split
	 * @param limit the most images to take
	 * @return the images
	 */
	Loaded load(ServedModels.Selected selected, String split, int limit) {
		DatasetInfo info = this.catalog.require(selected.spec().dataset());
		DataSelection job = selected.spec().dataOrDefault();
		try {
			DatasetFiles.SplitData data = DatasetFiles.readSplit(this.catalog.directory(info.id()), split);
			int[] indices = TrainingData.choose(info, data, new DataSelection(split, job.classes(), limit));
			Examples examples = new Examples(info, data.images(), data.labels(), indices);
			int[] positions = new int[indices.length];
			for (int i = 0; i < positions.length; i++) {
				positions[i] = i;
			}
			return new Loaded(split, examples.values(positions), indices.length, examples.labels(positions),
					info.classes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The images the model's job trained on (its selection of its split), at most limit.
	 */
	Loaded training(ServedModels.Selected selected, int limit) {
		DataSelection job = selected.spec().dataOrDefault();
		int cap = job.limit() != null ? Math.min(limit, job.limit()) : limit;
		return load(selected, job.split(), cap);
	}

}
