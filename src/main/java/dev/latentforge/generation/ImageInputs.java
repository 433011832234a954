package dev.latentforge.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.images.Image;
import dev.latentforge.images.InvalidImageException;
import dev.latentforge.images.Png;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.FieldProblem;
import dev.latentforge.web.ProblemType;

import org.springframework.web.multipart.MultipartFile;

/**
 * Reads the images of a request (PNG files in a multipart body, or base64 PNGs in JSON)
 * and checks, before any native call, that each has the size, channels and bit depth of
 * the model's data set.
 */
final class ImageInputs {

	private ImageInputs() {
	}

	/**
	 * A JSON request body carrying images.
	 *
	 * @param images the images
	 */
	record ImagesRequest(List<PngImage> images) {
	}

	/**
	 * One base64-encoded PNG.
	 *
	 * @param png the PNG file, base64
	 */
	record PngImage(String png) {
	}

	static List<byte[]> fromJson(ImagesRequest request) {
		if (request == null || request.images() == null || request.images().isEmpty()) {
			throw ApiException.invalid("images", "give at least one image");
		}
		List<byte[]> out = new ArrayList<>();
		for (int i = 0; i < request.images().size(); i++) {
			PngImage image = request.images().get(i);
			if (image == null || image.png() == null) {
				throw ApiException.invalid("images[" + i + "].png", "missing");
			}
			try {
				out.add(Base64.getDecoder().decode(image.png().replaceAll("\\s", "")));
			}
			catch (IllegalArgumentException ex) {
				throw ApiException.invalid("images[" + i + "].png", "not valid base64: " + ex.getMessage());
			}
		}
		return out;
	}

	static List<byte[]> fromMultipart(List<MultipartFile> files) {
		if (files == null || files.isEmpty()) {
			throw ApiException.invalid("images", "give at least one PNG file in the 'images' part");
		}
		List<byte[]> out = new ArrayList<>();
		for (MultipartFile file : files) {
			try {
				out.add(file.getBytes());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return out;
	}

	/**
	 * Decodes and checks images against the data set a model was trained on.
	 * @param pngs the PNG files
	 * @param dataset the model's data set
	 * @param maxImages the most images allowed
	 * @return the pixel values in [0, 1], (C, H, W) per image, concatenated
	 */
	static float[] decode(List<byte[]> pngs, CheckpointManifest.DatasetRef dataset, int maxImages) {
		if (pngs.size() > maxImages) {
			throw ApiException.invalid("images", pngs.size() + " images; at most " + maxImages + " per request");
		}
		int size = dataset.channels() * dataset.height() * dataset.width();
		float[] out = new float[pngs.size() * size];
		for (int i = 0; i < pngs.size(); i++) {
			Image image;
			try {
				image = Png.decode(pngs.get(i), dataset.width(), dataset.height());
			}
			catch (InvalidImageException ex) {
				throw invalid(i, ex.getMessage());
			}
			if (image.width() != dataset.width() || image.height() != dataset.height()
					|| image.channels() != dataset.channels() || image.bitDepth() != dataset.bitDepth()) {
				throw invalid(i,
						"image is " + image.describe() + "; the model expects " + dataset.width() + "x"
								+ dataset.height() + ", " + (dataset.channels() == 1 ? "grey" : "RGB") + ", "
								+ dataset.bitDepth() + "-bit");
			}
			System.arraycopy(image.toUnitFloats(), 0, out, i * size, size);
		}
		return out;
	}

	private static ApiException invalid(int index, String reason) {
		return new ApiException(ProblemType.INVALID_IMAGE, "images[" + index + "]: " + reason,
				List.of(new FieldProblem("images[" + index + "]", reason)));
	}

}
