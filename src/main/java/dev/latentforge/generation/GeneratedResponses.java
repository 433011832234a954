package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.images.Scatter;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Answers with generated examples in the format the Accept header asks for: images as
 * {@link ImageResponses} does (JSON with base64 PNGs, a PNG grid or strip, npy); points
 * as JSON ({@code points}), npy [N, d], or a scatter plot PNG. Extra fields go into the
 * JSON body and, where they are plain values, into {@code Latentforge-*} headers.
 */
final class GeneratedResponses {

	static final List<MediaType> OFFERED = List.of(MediaType.APPLICATION_JSON, MediaType.IMAGE_PNG, ImageResponses.NPY);

	private GeneratedResponses() {
	}

	static ResponseEntity<?> answer(Generator.Output output, String accept, Map<String, Object> extra,
			Map<String, String> headers, Integer columns) {
		ResponseEntity<?> response = output.points() ? points(output, accept, extra)
				: ImageResponses.images(output.values(), output.shape(), output.receipt(), accept, extra, columns);
		HttpHeaders merged = new HttpHeaders();
		merged.putAll(response.getHeaders());
		headers.forEach(merged::set);
		return ResponseEntity.status(response.getStatusCode()).headers(merged).body(response.getBody());
	}

	private static ResponseEntity<?> points(Generator.Output output, String accept, Map<String, Object> extra) {
		MediaType type = ImageResponses.choose(accept, OFFERED);
		int count = output.shape()[0];
		int dims = output.shape()[1];
		if (type.equals(ImageResponses.NPY)) {
			return ResponseEntity.ok()
				.headers(output.receipt().headers())
				.contentType(ImageResponses.NPY)
				.body(Npy.toBytes(Tensor.ofFloats(output.shape(), output.values())));
		}
		if (type.equals(MediaType.IMAGE_PNG)) {
			float[] xs = new float[count];
			float[] ys = new float[count];
			for (int i = 0; i < count; i++) {
				xs[i] = output.values()[i * dims];
				ys[i] = dims > 1 ? output.values()[i * dims + 1] : 0;
			}
			HttpHeaders headers = output.receipt().headers();
			headers.set("Latentforge-Count", Integer.toString(count));
			return ResponseEntity.ok()
				.headers(headers)
				.contentType(MediaType.IMAGE_PNG)
				.body(Scatter.png(xs, ys, null, 512));
		}
		List<float[]> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(Arrays.copyOfRange(output.values(), i * dims, (i + 1) * dims));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("points", rows);
		body.putAll(extra);
		body.put("receipt", output.receipt());
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
