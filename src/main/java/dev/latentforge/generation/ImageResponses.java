package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.images.Grid;
import dev.latentforge.images.Png;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Answers with images in the representation the client asks for: {@code image/png} (one
 * grid, or the image itself when there is one; the receipt in {@code Latentforge-*}
 * headers), {@code application/json} (each image as a base64 PNG plus the receipt) or
 * {@code application/x-npy} (float32 [N, C, H, W], exact values). JSON is the default.
 */
final class ImageResponses {

	static final MediaType NPY = MediaType.parseMediaType(Npy.MEDIA_TYPE);

	private ImageResponses() {
	}

	/** The representation to answer with, from the Accept header. */
	static MediaType choose(String accept, List<MediaType> offered) {
		if (accept == null || accept.isBlank()) {
			return offered.get(0);
		}
		List<MediaType> wanted;
		try {
			wanted = new ArrayList<>(MediaType.parseMediaTypes(accept));
		}
		catch (RuntimeException ex) {
			throw ApiException.invalid("Accept", "cannot parse '" + accept + "'");
		}
		org.springframework.util.MimeTypeUtils.sortBySpecificity(wanted);
		// a stable sort: most specific first within each quality
		wanted.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType type : wanted) {
			for (MediaType candidate : offered) {
				if (type.isCompatibleWith(candidate)) {
					return candidate;
				}
			}
		}
		throw new ApiException(ProblemType.NOT_ACCEPTABLE, "Cannot answer with " + accept + "; offered: " + offered);
	}

	static ResponseEntity<?> images(float[] values, int[] shape, Receipt receipt, String accept,
			Map<String, Object> extra) {
		return images(values, shape, receipt, accept, extra, null);
	}

	/**
	 * As {@link #images(float[], int[], Receipt, String, Map)}, with the PNG grid's
	 * columns ({@code null}: up to 8).
	 */
	static ResponseEntity<?> images(float[] values, int[] shape, Receipt receipt, String accept,
			Map<String, Object> extra, Integer columns) {
		MediaType type = choose(accept, List.of(MediaType.APPLICATION_JSON, MediaType.IMAGE_PNG, NPY));
		int count = shape[0];
		int channels = shape[1];
		int height = shape[2];
		int width = shape[3];
		int size = channels * height * width;
		if (type.equals(NPY)) {
			return ResponseEntity.ok()
				.headers(receipt.headers())
				.contentType(NPY)
				.body(Npy.toBytes(Tensor.ofFloats(shape, values)));
		}
		List<float[]> images = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			images.add(java.util.Arrays.copyOfRange(values, i * size, (i + 1) * size));
		}
		if (type.equals(MediaType.IMAGE_PNG)) {
			HttpHeaders headers = receipt.headers();
			headers.set("Latentforge-Count", Integer.toString(count));
			// one image comes as itself, so it can be sent straight back to the model
			byte[] png = count == 1 ? Png.encode(images.get(0), channels, height, width)
					: Grid.png(images, channels, height, width, columns != null ? columns : Math.min(8, count));
			return ResponseEntity.ok().headers(headers).contentType(MediaType.IMAGE_PNG).body(png);
		}
		List<Map<String, String>> pngs = new ArrayList<>();
		for (float[] image : images) {
			pngs.add(Map.of("png", Base64.getEncoder().encodeToString(Png.encode(image, channels, height, width))));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("images", pngs);
		body.putAll(extra);
		body.put("receipt", receipt);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	static ResponseEntity<?> vectors(float[] values, int[] shape, Receipt receipt, String accept, String field) {
		MediaType type = choose(accept, List.of(MediaType.APPLICATION_JSON, NPY));
		if (type.equals(NPY)) {
			return ResponseEntity.ok()
				.headers(receipt.headers())
				.contentType(NPY)
				.body(Npy.toBytes(Tensor.ofFloats(shape, values)));
		}
		int rows = shape[0];
		int width = shape[1];
		List<float[]> out = new ArrayList<>();
		for (int i = 0; i < rows; i++) {
			out.add(java.util.Arrays.copyOfRange(values, i * width, (i + 1) * width));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put(field, out);
		body.put("receipt", receipt);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
