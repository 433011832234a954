package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.models.Capabilities;
import dev.latentforge.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Anomaly detection by reconstruction error: an image the model reconstructs worse than
 * most of its training images is flagged. The threshold is the chosen percentile of the
 * training images' errors ({@link Calibrations}).
 */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Models")
class ScoreOperations {

	private final ServedModels served;

	private final Calibrations calibrations;

	ScoreOperations(ServedModels served, Calibrations calibrations) {
		this.served = served;
		this.calibrations = calibrations;
	}

	/**
	 * An anomaly scoring request.
	 *
	 * @param images the images to score
	 * @param percentile the percentile of the training images' errors used as the
	 * threshold, in (0, 100] (default 99)
	 */
	record ScoreRequest(List<ImageInputs.PngImage> images, Double percentile) {
	}

	/**
	 * The score of one image.
	 *
	 * @param error the sum over pixels of the squared reconstruction error
	 * @param anomalous whether the error exceeds the threshold
	 */
	record Score(double error, boolean anomalous) {
	}

	@PostMapping(path = "/score", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "score", summary = "Score images for anomaly (JSON body)",
			description = "Each image's reconstruction error (squared error summed over pixels in [0, 1]) and "
					+ "whether it exceeds the threshold: the chosen percentile of the errors on the model's "
					+ "training images (at most 10,000, computed once per checkpoint and cached).")
	@ApiResponse(responseCode = "400", description = "Invalid images or percentile, or the model cannot reconstruct")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	Map<String, Object> scoreJson(@PathVariable String id, @RequestBody ScoreRequest request,
			@RequestParam(required = false) String checkpoint) {
		if (request == null) {
			throw ApiException.invalid("images", "give at least one image");
		}
		return score(id, () -> ImageInputs.fromJson(new ImageInputs.ImagesRequest(request.images())),
				request.percentile(), checkpoint);
	}

	@PostMapping(path = "/score", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "score", summary = "Score images for anomaly (PNG files)",
			description = "As the JSON form, with PNG files in the part 'images'.")
	@ApiResponse(responseCode = "400", description = "Invalid images or percentile, or the model cannot reconstruct")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	Map<String, Object> scoreFiles(@PathVariable String id, @RequestPart("images") List<MultipartFile> images,
			@RequestParam(required = false) Double percentile, @RequestParam(required = false) String checkpoint) {
		return score(id, () -> ImageInputs.fromMultipart(images), percentile, checkpoint);
	}

	private Map<String, Object> score(String id, Supplier<List<byte[]>> files, Double percentile, String checkpoint) {
		double p = percentile != null ? percentile : 99.0;
		if (!(p > 0 && p <= 100)) {
			throw ApiException.invalid("percentile", "must be in (0, 100]");
		}
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.SCORE);
		CheckpointManifest.DatasetRef dataset = this.served.dataset(selected);
		List<byte[]> pngs = files.get();
		float[] inputs = ImageInputs.decode(pngs, dataset, this.served.maxImages());
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			Calibrations.Threshold threshold = this.calibrations.threshold(selected, lease, p);
			double[] errors = this.calibrations.reconstructionErrors(inputs, pngs.size(), selected, lease);
			List<Score> scores = new ArrayList<>();
			for (double error : errors) {
				scores.add(new Score(error, error > threshold.threshold()));
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("scores", scores);
			body.put("threshold", threshold.threshold());
			body.put("percentile", threshold.percentile());
			body.put("calibrationImages", threshold.images());
			body.put("calibrationSplit", threshold.split());
			body.put("error", "squared reconstruction error summed over pixels (values in [0, 1])");
			body.put("receipt", this.served.receipt(selected, lease, null));
			return body;
		}
	}

}
