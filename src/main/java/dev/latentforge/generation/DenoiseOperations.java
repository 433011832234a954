package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.engine.Rng;
import dev.latentforge.images.Grid;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.Corruption;
import dev.latentforge.models.Denoising;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.web.ApiException;
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
 * Cleans images with a {@link Denoising} model. For a demonstration the service can
 * corrupt the images itself first (seeded), and then also answers with the noisy images
 * and the PSNR of the noisy and of the cleaned images against the clean input.
 */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Models")
class DenoiseOperations {

	private static final List<MediaType> OFFERED = List.of(MediaType.APPLICATION_JSON, MediaType.IMAGE_PNG,
			ImageResponses.NPY);

	private final ServedModels served;

	DenoiseOperations(ServedModels served) {
		this.served = served;
	}

	/**
	 * A denoising request.
	 *
	 * @param images the images (noisy ones, or clean ones to corrupt)
	 * @param corruption corrupt the images on the server first: {@code {}} for the
	 * corruption the model was trained with, or a corruption of its own
	 * @param seed the seed of the corruption (drawn when absent)
	 */
	record DenoiseRequest(List<ImageInputs.PngImage> images, Corruption corruption, Long seed) {
	}

	@PostMapping(path = "/denoise", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "denoise", summary = "Clean images (JSON body)",
			description = "Returns the cleaned images as reconstruct does. With `corruption` the service corrupts "
					+ "the given (clean) images first: JSON then also carries the noisy images and the PSNR (dB) "
					+ "of noisy and cleaned images against the clean ones; PNG is a grid of rows clean / noisy / "
					+ "cleaned; npy carries the cleaned images, the mean PSNRs in Latentforge-Psnr-* headers.")
	@ApiResponse(responseCode = "400", description = "Invalid images or corruption, or the model cannot denoise")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> denoiseJson(@PathVariable String id, @RequestBody DenoiseRequest request,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		if (request == null) {
			throw ApiException.invalid("images", "give at least one image");
		}
		return denoise(id, () -> ImageInputs.fromJson(new ImageInputs.ImagesRequest(request.images())),
				request.corruption(), request.seed(), checkpoint, accept);
	}

	@PostMapping(path = "/denoise", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "denoise", summary = "Clean images (PNG files)",
			description = "As the JSON form, with PNG files in the part 'images'; a server-side corruption is "
					+ "given by the parameters corruption (a type, or 'trained'), sigma, fraction and seed.")
	@ApiResponse(responseCode = "400", description = "Invalid images or corruption, or the model cannot denoise")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> denoiseFiles(@PathVariable String id, @RequestPart("images") List<MultipartFile> images,
			@RequestParam(required = false) String corruption, @RequestParam(required = false) Double sigma,
			@RequestParam(required = false) Double fraction, @RequestParam(required = false) Long seed,
			@RequestParam(required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		Corruption requested = corruption == null ? null
				: new Corruption(corruption.equals("trained") ? null : corruption, sigma, fraction);
		return denoise(id, () -> ImageInputs.fromMultipart(images), requested, seed, checkpoint, accept);
	}

	private ResponseEntity<?> denoise(String id, Supplier<List<byte[]>> files, Corruption requested, Long seed,
			String checkpoint, String accept) {
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.DENOISE);
		MediaType type = ImageResponses.choose(accept, OFFERED);
		CheckpointManifest.DatasetRef dataset = this.served.dataset(selected);
		List<byte[]> pngs = files.get();
		float[] inputs = ImageInputs.decode(pngs, dataset, this.served.maxImages());
		Shape image = dataset.imageShape();
		int count = pngs.size();
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			Denoising model = (Denoising) lease.model();
			Corruption corruption = null;
			Long usedSeed = null;
			float[] noisy = inputs;
			if (requested != null) {
				corruption = isTrained(requested) ? model.corruption() : requested;
				String problem = corruption.problem();
				if (problem != null) {
					throw ApiException.invalid("corruption", problem);
				}
				usedSeed = ChainRequests.seedOrNew(seed);
				noisy = corrupt(corruption, inputs, count, image, lease, new Rng(usedSeed));
			}
			InferenceExecutor.Result result = this.served.inference()
				.run(lease.model(), Capabilities.DENOISE, noisy, count, image, model::denoise);
			Receipt receipt = this.served.receipt(selected, lease, usedSeed);
			int[] shape = result.shape();
			if (corruption == null) {
				return ImageResponses.images(result.values(), shape, receipt, accept, Map.of());
			}
			int size = Math.toIntExact(image.size());
			double[] psnrNoisy = psnr(noisy, inputs, count, size);
			double[] psnrCleaned = psnr(result.values(), inputs, count, size);
			if (type.equals(MediaType.IMAGE_PNG)) {
				return ResponseEntity.ok()
					.headers(psnrHeaders(receipt.headers(), psnrNoisy, psnrCleaned))
					.contentType(MediaType.IMAGE_PNG)
					.body(grid(inputs, noisy, result.values(), count, dataset));
			}
			if (type.equals(ImageResponses.NPY)) {
				return ResponseEntity.ok()
					.headers(psnrHeaders(receipt.headers(), psnrNoisy, psnrCleaned))
					.contentType(ImageResponses.NPY)
					.body(Npy.toBytes(Tensor.ofFloats(shape, result.values())));
			}
			Map<String, Object> extra = new LinkedHashMap<>();
			extra.put("corruption", corruption);
			ResponseEntity<?> noisyImages = ImageResponses.images(noisy, shape, receipt, "application/json", Map.of());
			extra.put("noisy", ((Map<?, ?>) noisyImages.getBody()).get("images"));
			Map<String, Object> psnr = new LinkedHashMap<>();
			psnr.put("noisy", psnrNoisy);
			psnr.put("cleaned", psnrCleaned);
			psnr.put("meanNoisy", mean(psnrNoisy));
			psnr.put("meanCleaned", mean(psnrCleaned));
			extra.put("psnr", psnr);
			return ImageResponses.images(result.values(), shape, receipt, accept, extra);
		}
	}

	private static boolean isTrained(Corruption requested) {
		return requested.type() == null && requested.sigma() == null && requested.fraction() == null;
	}

	private float[] corrupt(Corruption corruption, float[] inputs, int count, Shape image, ModelCache.Lease lease,
			Rng rng) {
		return this.served.inference().call(() -> {
			try (NDManager manager = lease.model().manager().newSubManager()) {
				NDArray clean = manager.create(inputs, new Shape(count).addAll(image));
				return corruption.apply(clean, rng, 0, "denoise").toFloatArray();
			}
		});
	}

	/** Peak signal-to-noise ratio per image, 10·log10(1 / MSE), for values in [0, 1]. */
	static double[] psnr(float[] images, float[] reference, int count, int size) {
		double[] out = new double[count];
		for (int n = 0; n < count; n++) {
			double squared = 0;
			for (int k = n * size; k < (n + 1) * size; k++) {
				double d = images[k] - reference[k];
				squared += d * d;
			}
			double mse = squared / size;
			// identical images: cap at the PSNR of one 8-bit step everywhere
			out[n] = 10 * Math.log10(1.0 / Math.max(mse, 1.0 / (255.0 * 255.0) / size));
		}
		return out;
	}

	private static double mean(double[] values) {
		double s = 0;
		for (double v : values) {
			s += v;
		}
		return s / values.length;
	}

	private static HttpHeaders psnrHeaders(HttpHeaders headers, double[] noisy, double[] cleaned) {
		HttpHeaders out = headers;
		out.set("Latentforge-Psnr-Noisy", Double.toString(mean(noisy)));
		out.set("Latentforge-Psnr-Cleaned", Double.toString(mean(cleaned)));
		return out;
	}

	private static byte[] grid(float[] clean, float[] noisy, float[] cleaned, int count,
			CheckpointManifest.DatasetRef dataset) {
		int size = dataset.channels() * dataset.height() * dataset.width();
		int columns = Math.min(8, count);
		List<float[]> tiles = new ArrayList<>();
		for (int row = 0; row < count; row += columns) {
			for (float[] source : List.of(clean, noisy, cleaned)) {
				for (int k = row; k < row + columns; k++) {
					tiles.add(k < count ? java.util.Arrays.copyOfRange(source, k * size, (k + 1) * size)
							: new float[size]);
				}
			}
		}
		return Grid.png(tiles, dataset.channels(), dataset.height(), dataset.width(), columns);
	}

}
