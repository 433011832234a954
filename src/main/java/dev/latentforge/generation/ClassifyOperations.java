package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.Classifying;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
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

/** Class probabilities from a {@link Classifying} model. */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Models")
class ClassifyOperations {

	private final ServedModels served;

	ClassifyOperations(ServedModels served) {
		this.served = served;
	}

	@PostMapping(path = "/classify", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "classify", summary = "Classify images (JSON body)",
			description = "application/json: for each image the most probable class and the probability of every "
					+ "class; application/x-npy: float32 probabilities [N, classes] in the order of the model's "
					+ "classes.")
	@ApiResponse(responseCode = "400", description = "Invalid images, or the model does not classify")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> classifyJson(@PathVariable String id, @RequestBody ImageInputs.ImagesRequest request,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return classify(id, () -> ImageInputs.fromJson(request), checkpoint, accept);
	}

	@PostMapping(path = "/classify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "classify", summary = "Classify images (PNG files)",
			description = "As the JSON form, with PNG files in the part 'images'.")
	@ApiResponse(responseCode = "400", description = "Invalid images, or the model does not classify")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> classifyFiles(@PathVariable String id, @RequestPart("images") List<MultipartFile> images,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return classify(id, () -> ImageInputs.fromMultipart(images), checkpoint, accept);
	}

	private ResponseEntity<?> classify(String id, Supplier<List<byte[]>> files, String checkpoint, String accept) {
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.CLASSIFY);
		MediaType type = ImageResponses.choose(accept, List.of(MediaType.APPLICATION_JSON, ImageResponses.NPY));
		CheckpointManifest.DatasetRef dataset = this.served.dataset(selected);
		List<byte[]> pngs = files.get();
		float[] inputs = ImageInputs.decode(pngs, dataset, this.served.maxImages());
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			if (!(lease.model() instanceof Classifying model)) {
				throw new ApiException(dev.latentforge.web.ProblemType.UNSUPPORTED_OPERATION,
						"Model " + id + " does not classify");
			}
			InferenceExecutor.Result result = this.served.inference()
				.run(lease.model(), Capabilities.CLASSIFY, inputs, pngs.size(), dataset.imageShape(),
						model::probabilities);
			Receipt receipt = this.served.receipt(selected, lease, null);
			if (type.equals(ImageResponses.NPY)) {
				return ResponseEntity.ok()
					.headers(receipt.headers())
					.contentType(ImageResponses.NPY)
					.body(Npy.toBytes(Tensor.ofFloats(result.shape(), result.values())));
			}
			List<String> classes = model.classes();
			List<Map<String, Object>> predictions = new ArrayList<>();
			for (int n = 0; n < pngs.size(); n++) {
				Map<String, Double> probabilities = new LinkedHashMap<>();
				int best = 0;
				for (int k = 0; k < classes.size(); k++) {
					float p = result.values()[n * classes.size() + k];
					probabilities.put(classes.get(k), (double) p);
					if (p > result.values()[n * classes.size() + best]) {
						best = k;
					}
				}
				Map<String, Object> prediction = new LinkedHashMap<>();
				prediction.put("label", best);
				prediction.put("class", classes.get(best));
				prediction.put("probabilities", probabilities);
				predictions.add(prediction);
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("predictions", predictions);
			body.put("classes", classes);
			body.put("receipt", receipt);
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
		}
	}

}
