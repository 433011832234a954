package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ai.djl.ndarray.types.Shape;
import dev.latentforge.analysis.ChainDiagnostics;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.images.Grid;
import dev.latentforge.images.Png;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.ChainSampling;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
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
 * Markov-chain sampling with any {@link ChainSampling} model (a denoising autoencoder's
 * corrupt-and-reconstruct chain, an RBM's Gibbs chain): frames with convergence
 * diagnostics across chains, and inpainting with the known pixels clamped.
 */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Models")
class SampleOperations {

	private static final List<MediaType> OFFERED = List.of(MediaType.APPLICATION_JSON, MediaType.IMAGE_PNG,
			ImageResponses.NPY);

	private final ServedModels served;

	private final ChainProperties limits;

	SampleOperations(ServedModels served, ChainProperties limits) {
		this.served = served;
		this.limits = limits;
	}

	/**
	 * A sampling request.
	 *
	 * @param chains independent chains (default 4)
	 * @param steps transitions per chain (default 100)
	 * @param burnIn transitions discarded before the first kept frame (default 0)
	 * @param thin keep every thin-th frame after burn-in (default 1)
	 * @param seed the seed of every draw (drawn and reported in the receipt when absent)
	 * @param returnMeans return the means of the distributions drawn from, for viewing,
	 * instead of the draws (default false); diagnostics always trace the draws
	 * @param start images to start from: one for every chain, or one per chain; absent:
	 * the model's own start
	 */
	record SampleRequest(Integer chains, Integer steps, Integer burnIn, Integer thin, Long seed, Boolean returnMeans,
			List<ImageInputs.PngImage> start) {
	}

	@PostMapping(path = "/sample", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "sample", summary = "Run Markov chains and return their frames",
			description = "Runs `chains` chains for `steps` transitions and keeps every `thin`-th frame after "
					+ "`burnIn`. application/json: the frames (base64 PNGs, one per chain) with their steps and "
					+ "the split-R̂ and effective sample size across chains of two summary statistics "
					+ "(meanIntensity, distanceToStart); image/png: a grid with one row per chain and one column "
					+ "per kept frame (R̂ in Latentforge-Rhat-* headers); application/x-npy: float32 "
					+ "[frames, chains, C, H, W].")
	@ApiResponse(responseCode = "400", description = "Invalid settings or start images, or the model has no chain")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "413",
			description = "chains × steps × pixels, or the frames returned, exceed the limits")
	ResponseEntity<?> sample(@PathVariable String id, @RequestBody(required = false) SampleRequest body,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		SampleRequest request = body != null ? body : new SampleRequest(null, null, null, null, null, null, null);
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.SAMPLE);
		MediaType type = ImageResponses.choose(accept, OFFERED);
		CheckpointManifest.DatasetRef dataset = this.served.dataset(selected);
		Shape image = dataset.imageShape();
		int size = Math.toIntExact(image.size());
		ChainRunner.Plan plan = ChainRequests.plan(request.chains(), request.steps(), request.burnIn(), request.thin(),
				request.returnMeans(), request.seed(), 100, false, size, this.limits);
		float[] start = null;
		if (request.start() != null && !request.start().isEmpty()) {
			int given = request.start().size();
			if (given != 1 && given != plan.chains()) {
				throw ApiException.invalid("start",
						"give one start image for every chain or one per chain (" + plan.chains() + "); got " + given);
			}
			float[] decoded = ImageInputs.decode(ImageInputs.fromJson(new ImageInputs.ImagesRequest(request.start())),
					dataset, this.served.maxImages());
			start = new float[plan.chains() * size];
			for (int c = 0; c < plan.chains(); c++) {
				System.arraycopy(decoded, (given == 1 ? 0 : c) * size, start, c * size, size);
			}
		}
		float[] startImages = start;
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			ChainSampling sampling = (ChainSampling) lease.model();
			ChainRunner.Output output = this.served.inference()
				.call(() -> ChainRunner.run(sampling, lease.model().manager(), plan, image, startImages, null, null));
			Receipt receipt = this.served.receipt(selected, lease, plan.seed());
			return answer(type, output, plan, dataset, receipt);
		}
	}

	private static ResponseEntity<?> answer(MediaType type, ChainRunner.Output output, ChainRunner.Plan plan,
			CheckpointManifest.DatasetRef dataset, Receipt receipt) {
		int c = dataset.channels();
		int h = dataset.height();
		int w = dataset.width();
		int size = c * h * w;
		int frames = plan.kept();
		HttpHeaders headers = receipt.headers();
		output.diagnostics().forEach((name, result) -> {
			if (result.rhat() != null) {
				headers.set("Latentforge-Rhat-" + headerName(name), Double.toString(result.rhat()));
			}
		});
		headers.set("Latentforge-Chains", Integer.toString(plan.chains()));
		headers.set("Latentforge-Frames", Integer.toString(frames));
		if (type.equals(ImageResponses.NPY)) {
			int[] shape = { frames, plan.chains(), c, h, w };
			return ResponseEntity.ok()
				.headers(headers)
				.contentType(ImageResponses.NPY)
				.body(Npy.toBytes(Tensor.ofFloats(shape, output.frames())));
		}
		if (type.equals(MediaType.IMAGE_PNG)) {
			// one row per chain, one column per kept frame
			List<float[]> tiles = new ArrayList<>();
			for (int chain = 0; chain < plan.chains(); chain++) {
				for (int f = 0; f < frames; f++) {
					int offset = (f * plan.chains() + chain) * size;
					tiles.add(java.util.Arrays.copyOfRange(output.frames(), offset, offset + size));
				}
			}
			return ResponseEntity.ok()
				.headers(headers)
				.contentType(MediaType.IMAGE_PNG)
				.body(Grid.png(tiles, c, h, w, frames));
		}
		List<Map<String, Object>> frameList = new ArrayList<>();
		for (int f = 0; f < frames; f++) {
			List<Map<String, String>> images = new ArrayList<>();
			for (int chain = 0; chain < plan.chains(); chain++) {
				int offset = (f * plan.chains() + chain) * size;
				float[] tile = java.util.Arrays.copyOfRange(output.frames(), offset, offset + size);
				images.add(Map.of("png", Base64.getEncoder().encodeToString(Png.encode(tile, c, h, w))));
			}
			frameList.add(Map.of("step", output.frameSteps()[f], "images", images));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("chains", plan.chains());
		body.put("steps", plan.steps());
		body.put("burnIn", plan.burnIn());
		body.put("thin", plan.thin());
		body.put("returnMeans", plan.returnMeans());
		body.put("frames", frameList);
		body.put("diagnostics", diagnostics(output.diagnostics()));
		body.put("receipt", receipt);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	static Map<String, Object> diagnostics(Map<String, ChainDiagnostics.Result> results) {
		Map<String, Object> out = new LinkedHashMap<>();
		results.forEach((name, result) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("rhat", result.rhat());
			entry.put("ess", result.ess());
			entry.put("chains", result.chains());
			entry.put("draws", result.draws());
			if (result.rhat() == null) {
				entry.put("note", result.draws() < 4 ? "R̂ needs at least 4 kept frames per chain"
						: "the statistic does not vary within chains");
			}
			out.put(name, entry);
		});
		out.put("method", "split R̂ and effective sample size (Gelman et al., BDA3 §11.4-11.5) over the kept "
				+ "frames; R̂ near 1 suggests the chains mix, above 1.1 that they have not converged");
		return out;
	}

	private static String headerName(String statistic) {
		return statistic.equals(ChainRunner.MEAN_INTENSITY) ? "Mean-Intensity" : "Distance-To-Start";
	}

	/**
	 * An inpainting request.
	 *
	 * @param images the images, their unknown pixels any value
	 * @param masks one mask per image, 1 (white) where the pixel is known
	 * @param steps chain transitions (default 50)
	 * @param seed the seed of every draw (drawn when absent)
	 * @param returnMeans return the last transition's means (default true) or its draws
	 */
	record InpaintRequest(List<ImageInputs.PngImage> images, List<ImageInputs.PngImage> masks, Integer steps, Long seed,
			Boolean returnMeans) {
	}

	@PostMapping(path = "/inpaint", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "inpaint", summary = "Fill in unknown pixels (JSON body)",
			description = "Runs one chain per image from the image itself with the known pixels (mask = 1) clamped "
					+ "after every transition, and returns the completed images as reconstruct does; known "
					+ "pixels come back unchanged.")
	@ApiResponse(responseCode = "400",
			description = "Invalid images, masks or settings, or the model cannot clamp pixels")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "413", description = "images × steps × pixels exceed the limits")
	ResponseEntity<?> inpaintJson(@PathVariable String id, @RequestBody InpaintRequest request,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		if (request == null) {
			throw ApiException.invalid("images", "give at least one image");
		}
		return inpaint(id, () -> ImageInputs.fromJson(new ImageInputs.ImagesRequest(request.images())),
				() -> request.masks() == null ? List.of()
						: ImageInputs.fromJson(new ImageInputs.ImagesRequest(request.masks())),
				request.steps(), request.seed(), request.returnMeans(), checkpoint, accept);
	}

	@PostMapping(path = "/inpaint", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "inpaint", summary = "Fill in unknown pixels (PNG files)",
			description = "As the JSON form, with PNG files in the parts 'images' and 'masks' (same order).")
	@ApiResponse(responseCode = "400",
			description = "Invalid images, masks or settings, or the model cannot clamp pixels")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "413", description = "images × steps × pixels exceed the limits")
	ResponseEntity<?> inpaintFiles(@PathVariable String id, @RequestPart("images") List<MultipartFile> images,
			@RequestPart("masks") List<MultipartFile> masks, @RequestParam(required = false) Integer steps,
			@RequestParam(required = false) Long seed, @RequestParam(required = false) Boolean returnMeans,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		return inpaint(id, () -> ImageInputs.fromMultipart(images), () -> ImageInputs.fromMultipart(masks), steps, seed,
				returnMeans, checkpoint, accept);
	}

	private ResponseEntity<?> inpaint(String id, Supplier<List<byte[]>> imageFiles, Supplier<List<byte[]>> maskFiles,
			Integer steps, Long seed, Boolean returnMeans, String checkpoint, String accept) {
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.INPAINT);
		ImageResponses.choose(accept, OFFERED);
		CheckpointManifest.DatasetRef dataset = this.served.dataset(selected);
		List<byte[]> pngs = imageFiles.get();
		float[] known = ImageInputs.decode(pngs, dataset, this.served.maxImages());
		float[] mask = MaskInputs.decode(maskFiles.get(), pngs.size(), dataset);
		Shape image = dataset.imageShape();
		int size = Math.toIntExact(image.size());
		int s = steps != null ? steps : 50;
		ChainRunner.Plan plan = ChainRequests.plan(pngs.size(), s, Math.max(0, s - 1), 1, returnMeans, seed, 50, true,
				size, this.limits);
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			if (!(lease.model() instanceof ChainSampling sampling) || !sampling.supportsClamping()) {
				throw new ApiException(ProblemType.UNSUPPORTED_OPERATION,
						"Model " + id + " cannot clamp pixels in its chain, so it cannot inpaint");
			}
			ChainRunner.Output output = this.served.inference()
				.call(() -> ChainRunner.run(sampling, lease.model().manager(), plan, image, known, known, mask));
			// the chain clamps known pixels after every transition; copying them once
			// more
			// here makes them come back bit for bit whatever arithmetic a model's clamp
			// uses
			float[] completed = output.last();
			for (int i = 0; i < completed.length; i++) {
				if (mask[i] == 1f) {
					completed[i] = known[i];
				}
			}
			int[] shape = { pngs.size(), dataset.channels(), dataset.height(), dataset.width() };
			Map<String, Object> extra = new LinkedHashMap<>();
			extra.put("steps", plan.steps());
			extra.put("returnMeans", plan.returnMeans());
			return ImageResponses.images(completed, shape, this.served.receipt(selected, lease, plan.seed()), accept,
					extra);
		}
	}

}
