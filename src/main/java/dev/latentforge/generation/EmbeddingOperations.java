package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.analysis.Projection;
import dev.latentforge.images.Scatter;
import dev.latentforge.models.Capabilities;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Npz;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A model's representation of its data set: the codes of a split with their labels, and a
 * 2-D scatter plot of them coloured by class.
 */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Models")
class EmbeddingOperations {

	private static final MediaType NPZ = MediaType.parseMediaType(Npz.MEDIA_TYPE);

	private final ServedModels served;

	private final Embeddings embeddings;

	EmbeddingOperations(ServedModels served, Embeddings embeddings) {
		this.served = served;
		this.embeddings = embeddings;
	}

	@GetMapping(path = "/embedding", produces = { MediaType.APPLICATION_JSON_VALUE, Npy.MEDIA_TYPE, Npz.MEDIA_TYPE })
	@Operation(operationId = "embedding", summary = "Codes of a split of the model's data set",
			description = "The first `limit` images of the split (restricted to the classes the model trained on), "
					+ "encoded. application/json: codes, labels and class names; application/x-npy: float32 "
					+ "[N, latent]; application/x-npz: arrays 'codes' and (when labelled) 'labels' (int32).")
	@ApiResponse(responseCode = "400", description = "Unknown split or bad limit, or the model has no encoder")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> embedding(@PathVariable String id,
			@Parameter(description = "test (default when present) or train") @RequestParam(
					required = false) String split,
			@Parameter(description = "how many images, 1 to 10000 (default 1000)") @RequestParam(
					required = false) Integer limit,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		int n = Embeddings.limit(limit, 1000, Embeddings.MAX_LIMIT);
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.EMBEDDING);
		MediaType type = ImageResponses.choose(accept, List.of(MediaType.APPLICATION_JSON, ImageResponses.NPY, NPZ));
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			Embeddings.Codes codes = this.embeddings.encode(selected, lease, split, n);
			Receipt receipt = this.served.receipt(selected, lease, null);
			int count = codes.images().count();
			int[] shape = { count, codes.latent() };
			if (type.equals(ImageResponses.NPY)) {
				return ResponseEntity.ok()
					.headers(receipt.headers())
					.contentType(ImageResponses.NPY)
					.body(Npy.toBytes(Tensor.ofFloats(shape, codes.codes())));
			}
			if (type.equals(NPZ)) {
				Map<String, Tensor> arrays = new LinkedHashMap<>();
				arrays.put("codes", Tensor.ofFloats(shape, codes.codes()));
				if (codes.images().labels() != null) {
					arrays.put("labels", Tensor.ofInts(new int[] { count }, codes.images().labels()));
				}
				return ResponseEntity.ok().headers(receipt.headers()).contentType(NPZ).body(Npz.toBytes(arrays));
			}
			List<float[]> rows = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				rows.add(java.util.Arrays.copyOfRange(codes.codes(), i * codes.latent(), (i + 1) * codes.latent()));
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("split", codes.images().split());
			body.put("count", count);
			body.put("classes", codes.images().classes());
			body.put("labels", codes.images().labels());
			body.put("codes", rows);
			body.put("receipt", receipt);
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
		}
	}

	@GetMapping(path = "/embedding.png", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(operationId = "embeddingPlot", summary = "A scatter plot of a split's codes",
			description = "The codes of `/embedding` in 2-D (their first two principal components when the code "
					+ "has more than two dimensions), each point coloured by its class (Tableau's ten colours, "
					+ "in label order).")
	@ApiResponse(responseCode = "400", description = "Unknown split, bad limit or size, or the model has no encoder")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<byte[]> plot(@PathVariable String id, @RequestParam(required = false) String split,
			@RequestParam(required = false) Integer limit,
			@Parameter(description = "width and height in pixels, 64 to 2048 (default 512)") @RequestParam(
					required = false) Integer size,
			@RequestParam(required = false) String checkpoint) {
		int n = Embeddings.limit(limit, 1000, Embeddings.MAX_LIMIT);
		int pixels = size != null ? size : 512;
		if (pixels < 64 || pixels > 2048) {
			throw ApiException.invalid("size", "must be between 64 and 2048");
		}
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.EMBEDDING);
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			Embeddings.Codes codes = this.embeddings.encode(selected, lease, split, n);
			float[][] xy = Projection.twoDimensions(codes.codes(), codes.images().count(), codes.latent());
			return ResponseEntity.ok()
				.headers(this.served.receipt(selected, lease, null).headers())
				.contentType(MediaType.IMAGE_PNG)
				.body(Scatter.png(xy[0], xy[1], codes.images().labels(), pixels));
		}
	}

}
