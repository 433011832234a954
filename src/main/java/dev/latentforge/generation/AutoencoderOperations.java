package dev.latentforge.generation;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.models.Autoencoding;
import dev.latentforge.models.Capabilities;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.tensors.TensorFormatException;
import dev.latentforge.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * Reconstruct, encode and decode with any model that has an encoder and a decoder. Images
 * come as PNG files (multipart part {@code images}) or base64 PNGs in JSON, and must
 * match the model's data set in size, channels and bit depth.
 */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Models")
class AutoencoderOperations {

	private final ServedModels served;

	AutoencoderOperations(ServedModels served) {
		this.served = served;
	}

	@PostMapping(path = "/reconstruct", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "reconstruct", summary = "Reconstruct images (JSON body)",
			description = "Encodes and decodes each image. Answers by Accept: application/json (base64 PNGs and a "
					+ "receipt), image/png (one grid, receipt in Latentforge-* headers) or application/x-npy "
					+ "(float32 [N, C, H, W] in [0, 1], exact).")
	@ApiResponse(responseCode = "400", description = "Invalid images or vectors (size, channels, bit depth, count)")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "503",
			description = "The inference queue is full, or the request waited past its deadline (see Retry-After)")
	ResponseEntity<?> reconstructJson(@PathVariable String id, @RequestBody ImageInputs.ImagesRequest request,
			@Parameter(description = "best (default), latest, or a checkpoint id") @RequestParam(
					required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return reconstruct(id, () -> ImageInputs.fromJson(request), checkpoint, accept);
	}

	@PostMapping(path = "/reconstruct", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "reconstruct", summary = "Reconstruct images (PNG files)",
			description = "As the JSON form, with PNG files in the " + "multipart part 'images'.")
	@ApiResponse(responseCode = "400", description = "Invalid images or vectors (size, channels, bit depth, count)")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "503",
			description = "The inference queue is full, or the request waited past its deadline (see Retry-After)")
	ResponseEntity<?> reconstructFiles(@PathVariable String id, @RequestPart("images") List<MultipartFile> images,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return reconstruct(id, () -> ImageInputs.fromMultipart(images), checkpoint, accept);
	}

	private ResponseEntity<?> reconstruct(String id, Supplier<List<byte[]>> images, String checkpoint, String accept) {
		return onImages(id, images, checkpoint, Capabilities.RECONSTRUCT,
				List.of(MediaType.APPLICATION_JSON, MediaType.IMAGE_PNG, ImageResponses.NPY), accept,
				(model) -> model::reconstruct,
				(result, receipt) -> ImageResponses.images(result.values(), result.shape(), receipt, accept, Map.of()));
	}

	/**
	 * Runs an operation on a request's images: selects the model, checks the Accept
	 * header, decodes and checks the images against the model's data set, then runs the
	 * operation in fixed batches.
	 */
	private ResponseEntity<?> onImages(String id, Supplier<List<byte[]>> images, String checkpoint, String capability,
			List<MediaType> offered, String accept, Function<Autoencoding, UnaryOperator<NDArray>> operation,
			BiFunction<InferenceExecutor.Result, Receipt, ResponseEntity<?>> answer) {
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, capability);
		ImageResponses.choose(accept, offered);
		List<byte[]> pngs = images.get();
		CheckpointManifest.DatasetRef dataset = datasetOf(selected);
		float[] inputs = ImageInputs.decode(pngs, dataset, this.served.maxImages());
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			InferenceExecutor.Result result = this.served.inference()
				.run(lease.model(), capability, inputs, pngs.size(), dataset.imageShape(),
						operation.apply((Autoencoding) lease.model()));
			return answer.apply(result, this.served.receipt(selected, lease, null));
		}
	}

	@PostMapping(path = "/encode", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "encode", summary = "Encode images to latent vectors (JSON body)",
			description = "Answers {\"codes\": [[...]], \"receipt\"} or application/x-npy float32 [N, latent].")
	@ApiResponse(responseCode = "400", description = "Invalid images or vectors (size, channels, bit depth, count)")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "503",
			description = "The inference queue is full, or the request waited past its deadline (see Retry-After)")
	ResponseEntity<?> encodeJson(@PathVariable String id, @RequestBody ImageInputs.ImagesRequest request,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return encode(id, () -> ImageInputs.fromJson(request), checkpoint, accept);
	}

	@PostMapping(path = "/encode", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "encode", summary = "Encode images to latent vectors (PNG files)")
	@ApiResponse(responseCode = "400", description = "Invalid images or vectors (size, channels, bit depth, count)")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "503",
			description = "The inference queue is full, or the request waited past its deadline (see Retry-After)")
	ResponseEntity<?> encodeFiles(@PathVariable String id, @RequestPart("images") List<MultipartFile> images,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return encode(id, () -> ImageInputs.fromMultipart(images), checkpoint, accept);
	}

	private ResponseEntity<?> encode(String id, Supplier<List<byte[]>> images, String checkpoint, String accept) {
		return onImages(id, images, checkpoint, Capabilities.ENCODE,
				List.of(MediaType.APPLICATION_JSON, ImageResponses.NPY), accept, (model) -> model::encode,
				(result, receipt) -> ImageResponses.vectors(result.values(), result.shape(), receipt, accept, "codes"));
	}

	/**
	 * Latent vectors to decode.
	 *
	 * @param codes one vector per image, each of the model's latent size
	 */
	record CodesRequest(List<float[]> codes) {
	}

	@PostMapping(path = "/decode", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "decode", summary = "Decode latent vectors to images (JSON body)",
			description = "Body {\"codes\": [[...], ...]}; answers images as reconstruct does.")
	@ApiResponse(responseCode = "400", description = "Invalid images or vectors (size, channels, bit depth, count)")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "503",
			description = "The inference queue is full, or the request waited past its deadline (see Retry-After)")
	ResponseEntity<?> decodeJson(@PathVariable String id, @RequestBody CodesRequest request,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.DECODE);
		if (request == null || request.codes() == null || request.codes().isEmpty()) {
			throw ApiException.invalid("codes", "give at least one latent vector");
		}
		int width = request.codes().get(0) == null ? 0 : request.codes().get(0).length;
		float[] values = new float[request.codes().size() * width];
		for (int i = 0; i < request.codes().size(); i++) {
			float[] code = request.codes().get(i);
			if (code == null || code.length != width) {
				throw ApiException.invalid("codes[" + i + "]", "every vector must have " + width + " values");
			}
			System.arraycopy(code, 0, values, i * width, width);
		}
		return decode(selected, values, request.codes().size(), width, accept);
	}

	@PostMapping(path = "/decode", consumes = Npy.MEDIA_TYPE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "decode", summary = "Decode latent vectors to images (npy body)",
			description = "Body: an npy array [N, latent] of float32 or float64.")
	@ApiResponse(responseCode = "400", description = "Invalid images or vectors (size, channels, bit depth, count)")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "503",
			description = "The inference queue is full, or the request waited past its deadline (see Retry-After)")
	ResponseEntity<?> decodeNpy(@PathVariable String id, @RequestBody byte[] body,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.DECODE);
		Tensor tensor;
		try {
			tensor = Npy.read(body);
		}
		catch (TensorFormatException ex) {
			throw ApiException.invalid("body", ex.getMessage());
		}
		if (tensor.rank() != 2) {
			throw ApiException.invalid("body", "expected a 2-D array [N, latent], got " + tensor);
		}
		return decode(selected, tensor.toFloatArray(), tensor.dim(0), tensor.dim(1), accept);
	}

	private ResponseEntity<?> decode(ServedModels.Selected selected, float[] codes, int count, int width,
			String accept) {
		ImageResponses.choose(accept, List.of(MediaType.APPLICATION_JSON, MediaType.IMAGE_PNG, ImageResponses.NPY));
		if (count < 1) {
			throw ApiException.invalid("codes", "give at least one latent vector");
		}
		if (count > this.served.maxImages()) {
			throw ApiException.invalid("codes",
					count + " vectors; at most " + this.served.maxImages() + " per request");
		}
		for (float value : codes) {
			if (!Float.isFinite(value)) {
				throw ApiException.invalid("codes", "values must be finite numbers");
			}
		}
		CheckpointManifest.DatasetRef dataset = datasetOf(selected);
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			Autoencoding model = (Autoencoding) lease.model();
			if (width != model.latentSize()) {
				throw ApiException.invalid("codes",
						"vectors have " + width + " values; this model's latent size is " + model.latentSize());
			}
			Shape image = dataset.imageShape();
			InferenceExecutor.Result result = this.served.inference()
				.run(lease.model(), Capabilities.DECODE, codes, count, new Shape(width),
						(batch) -> model.decode(batch).reshape(new Shape(batch.getShape().get(0)).addAll(image)));
			return ImageResponses.images(result.values(), result.shape(), this.served.receipt(selected, lease, null),
					accept, Map.of());
		}
	}

	private CheckpointManifest.DatasetRef datasetOf(ServedModels.Selected selected) {
		return this.served.dataset(selected);
	}

}
