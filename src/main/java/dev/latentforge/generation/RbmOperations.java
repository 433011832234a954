package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetCatalog;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.images.Grid;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.rbm.RbmFeatures;
import dev.latentforge.tensors.Npy;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The representation operations of RBMs and DBNs: hidden probabilities as features
 * ({@code transform}) and the bottom layer's weights as images ({@code filters.png}). A
 * fine-tuned DBN's classifier is served by the generic {@code classify}.
 */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Models")
class RbmOperations {

	private final ServedModels served;

	private final DatasetCatalog datasets;

	RbmOperations(ServedModels served, DatasetCatalog datasets) {
		this.served = served;
		this.datasets = datasets;
	}

	@PostMapping(path = "/transform", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "transform", summary = "Hidden-unit features of images (JSON body)",
			description = "The top layer's hidden probabilities p(h = 1 | v), up through every layer of a DBN. "
					+ "Grey values are used as probabilities (threshold models binarise at 0.5). Answers "
					+ "{\"features\": [[...]], \"receipt\"} or application/x-npy float32 [N, hidden].")
	@ApiResponse(responseCode = "400", description = "Invalid images (size, channels, bit depth, count)")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> transformJson(@PathVariable String id, @RequestBody ImageInputs.ImagesRequest request,
			@Parameter(description = "best (default), latest, or a checkpoint id") @RequestParam(
					required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return transform(id, () -> ImageInputs.fromJson(request), checkpoint, accept);
	}

	@PostMapping(path = "/transform", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "transform", summary = "Hidden-unit features of images (PNG files)")
	@ApiResponse(responseCode = "400", description = "Invalid images (size, channels, bit depth, count)")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> transformFiles(@PathVariable String id, @RequestPart("images") List<MultipartFile> images,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return transform(id, () -> ImageInputs.fromMultipart(images), checkpoint, accept);
	}

	private ResponseEntity<?> transform(String id, Supplier<List<byte[]>> images, String checkpoint, String accept) {
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.TRANSFORM);
		ImageResponses.choose(accept, List.of(MediaType.APPLICATION_JSON, ImageResponses.NPY));
		List<byte[]> pngs = images.get();
		CheckpointManifest.DatasetRef dataset = this.served.dataset(selected);
		float[] inputs = ImageInputs.decode(pngs, dataset, this.served.maxImages());
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			RbmFeatures model = (RbmFeatures) lease.model();
			InferenceExecutor.Result result = this.served.inference()
				.run(lease.model(), Capabilities.TRANSFORM, inputs, pngs.size(), dataset.imageShape(),
						model::transform);
			return ImageResponses.vectors(result.values(), result.shape(), this.served.receipt(selected, lease, null),
					accept, "features");
		}
	}

	@GetMapping(path = "/filters.png", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(operationId = "filters", summary = "The bottom layer's weights as images",
			description = "One tile per hidden unit j: its weights W[:, j] from every pixel, scaled per tile so that "
					+ "0 is mid-grey and the largest magnitude is black or white. Tiles run row by row; "
					+ "Latentforge-Count gives their number.")
	@ApiResponse(responseCode = "200",
			content = @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "400", description = "Invalid parameters")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<byte[]> filters(@PathVariable String id,
			@Parameter(description = "best (default), latest, or a checkpoint id") @RequestParam(
					required = false) String checkpoint,
			@Parameter(description = "show at most this many hidden units (default all, up to 4096)") @RequestParam(
					required = false) Integer limit) {
		if (limit != null && (limit < 1 || limit > 4096)) {
			throw ApiException.invalid("limit", "must be between 1 and 4096");
		}
		ServedModels.Selected selected = this.served.select(id, checkpoint, Capabilities.FILTERS);
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			RbmFeatures model = (RbmFeatures) lease.model();
			float[][] filters = model.filters();
			int count = Math.min(filters.length, limit != null ? limit : 4096);
			int[] shape = model.imageShape();
			List<float[]> tiles = new ArrayList<>();
			for (int j = 0; j < count; j++) {
				tiles.add(tile(filters[j]));
			}
			int columns = (int) Math.ceil(Math.sqrt(count));
			byte[] png = Grid.png(tiles, shape[0], shape[1], shape[2], columns);
			var headers = this.served.receipt(selected, lease, null).headers();
			headers.set("Latentforge-Count", Integer.toString(count));
			return ResponseEntity.ok().headers(headers).contentType(MediaType.IMAGE_PNG).body(png);
		}
	}

	/** Maps weights to [0, 1]: 0.5 + w / (2 max|w|). */
	static float[] tile(float[] weights) {
		float max = 1e-12f;
		for (float w : weights) {
			max = Math.max(max, Math.abs(w));
		}
		float[] out = new float[weights.length];
		for (int i = 0; i < weights.length; i++) {
			out[i] = 0.5f + weights[i] / (2 * max);
		}
		return out;
	}

}
