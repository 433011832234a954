package dev.latentforge.generation;

import java.util.List;

import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.images.Image;
import dev.latentforge.images.InvalidImageException;
import dev.latentforge.images.Png;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.FieldProblem;
import dev.latentforge.web.ProblemType;

/**
 * Reads inpainting masks: one PNG per image, of the image's size, grey (applied to every
 * channel) or with the image's channels; a value of at least one half marks a known
 * pixel.
 */
final class MaskInputs {

	private MaskInputs() {
	}

	/**
	 * Decodes masks.
	 * @param pngs the mask files, one per image
	 * @param images how many images they go with
	 * @param dataset the model's data set
	 * @return 1 (known) or 0 per value, (C, H, W) per image, concatenated
	 */
	static float[] decode(List<byte[]> pngs, int images, CheckpointManifest.DatasetRef dataset) {
		if (pngs.size() != images) {
			throw ApiException.invalid("masks",
					"give one mask per image: " + images + " images, " + pngs.size() + " masks");
		}
		int plane = dataset.height() * dataset.width();
		int size = dataset.channels() * plane;
		float[] out = new float[images * size];
		for (int i = 0; i < images; i++) {
			Image mask;
			try {
				mask = Png.decode(pngs.get(i), dataset.width(), dataset.height());
			}
			catch (InvalidImageException ex) {
				throw invalid(i, ex.getMessage());
			}
			if (mask.width() != dataset.width() || mask.height() != dataset.height()
					|| (mask.channels() != 1 && mask.channels() != dataset.channels())) {
				throw invalid(i, "mask is " + mask.describe() + "; it must be " + dataset.width() + "x"
						+ dataset.height() + ", grey or with the images' " + dataset.channels() + " channels");
			}
			float[] values = mask.toUnitFloats();
			for (int c = 0; c < dataset.channels(); c++) {
				int source = mask.channels() == 1 ? 0 : c;
				for (int p = 0; p < plane; p++) {
					out[i * size + c * plane + p] = values[source * plane + p] >= 0.5f ? 1f : 0f;
				}
			}
		}
		return out;
	}

	private static ApiException invalid(int index, String reason) {
		return new ApiException(ProblemType.INVALID_IMAGE, "masks[" + index + "]: " + reason,
				List.of(new FieldProblem("masks[" + index + "]", reason)));
	}

}
