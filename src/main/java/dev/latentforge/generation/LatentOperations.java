package dev.latentforge.generation;

import java.util.List;

import dev.latentforge.models.Capabilities;
import dev.latentforge.models.ConditionVocabulary.Condition;
import dev.latentforge.tensors.Npy;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * Walks in a generative model's latent space: interpolation between two latents (lerp or
 * slerp) and the DCGAN's vector arithmetic (Radford et al. 2016: average the latents of
 * three samples per concept, then A − B + C). Both answer a strip of images (one PNG row)
 * and are recorded as generations, which replay the same walk.
 */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Generations")
class LatentOperations {

	private final ServedModels served;

	private final Generations generations;

	private final Conditions conditions;

	LatentOperations(ServedModels served, Generations generations, Conditions conditions) {
		this.served = served;
		this.generations = generations;
		this.conditions = conditions;
	}

	/**
	 * An interpolation.
	 *
	 * @param seeds two seeds whose first latent rows are the ends (or give latents)
	 * @param latents two latent vectors as the ends (or give seeds)
	 * @param method slerp (default) or lerp
	 * @param frames frames including both ends, 2 to max-images (default 8)
	 * @param truncation applied to the seeds' draws
	 * @param promptId a saved prompt to condition every frame on
	 * @param prompt prompt text to condition every frame on
	 * @param condition a structured condition for every frame
	 * @param checkpoint best (default), latest or a checkpoint id
	 */
	record InterpolateRequest(List<Long> seeds, List<float[]> latents, String method, Integer frames, Double truncation,
			String promptId, String prompt, Condition condition, String checkpoint) {
	}

	/**
	 * Latent vector arithmetic: mean(a) − mean(b) + mean(c).
	 *
	 * @param a seeds of concept A (three in the DCGAN paper)
	 * @param b seeds of concept B
	 * @param c seeds of concept C
	 * @param truncation applied to every seed's draw
	 * @param promptId a saved prompt to condition every image on
	 * @param prompt prompt text to condition every image on
	 * @param condition a structured condition for every image
	 * @param checkpoint best (default), latest or a checkpoint id
	 */
	record ArithmeticRequest(List<Long> a, List<Long> b, List<Long> c, Double truncation, String promptId,
			String prompt, Condition condition, String checkpoint) {
	}

	@PostMapping(path = "/interpolate", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "interpolate", summary = "Interpolate between two latents",
			description = "Ends from two seeds or two latent vectors; lerp or slerp; a strip of frames (JSON with "
					+ "the frames' latents, one PNG row, or npy), recorded as a generation (generationId, "
					+ "Latentforge-Generation-Id, Location) that replays the same frames.")
	@ApiResponse(responseCode = "400", description = "Bad ends, method, frames or condition")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> interpolate(@PathVariable String id, @RequestBody InterpolateRequest request,
			@Parameter(description = "best (default), latest, or a checkpoint id") @RequestParam(
					required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		ImageResponses.choose(accept, GeneratedResponses.OFFERED);
		// an unknown or another owner's model answers 404 before the body is judged
		ServedModels.Selected selected = this.served.selectForInference(id, selector(request.checkpoint(), checkpoint),
				Capabilities.INTERPOLATE);
		int frames = request.frames() == null ? 8 : request.frames();
		if (frames < 2 || frames > this.served.maxImages()) {
			throw ApiException.invalid("frames", "must be between 2 and " + this.served.maxImages());
		}
		String method = request.method() == null ? "slerp" : request.method();
		if (!method.equals("lerp") && !method.equals("slerp")) {
			throw ApiException.invalid("method", "must be lerp or slerp");
		}
		boolean bySeeds = request.seeds() != null;
		if (bySeeds == (request.latents() != null)) {
			throw ApiException.invalid("seeds", "give either two seeds or two latent vectors");
		}
		if (bySeeds && (request.seeds().size() != 2 || request.seeds().contains(null))) {
			throw ApiException.invalid("seeds", "give exactly two seeds");
		}
		if (!bySeeds && (request.latents().size() != 2 || request.latents().contains(null))) {
			throw ApiException.invalid("latents", "give exactly two latent vectors");
		}
		Double truncation = Generations.checkTruncation(request.truncation(), "truncation");
		Conditions.Resolved source = this.conditions.source(request.promptId(), request.prompt(), request.condition());
		LatentWalk walk = LatentWalk.interpolation(method, frames, bySeeds ? List.copyOf(request.seeds()) : null,
				bySeeds ? null : List.copyOf(request.latents()));
		Generations.Generated generated = this.generations.walk(selected, walk, truncation, source,
				field(request.promptId(), request.prompt()));
		return GenerationController.answer(generated, this.generations.view(generated.record()), accept);
	}

	@PostMapping(path = "/arithmetic", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "arithmetic", summary = "Latent vector arithmetic (A − B + C)",
			description = "Averages the latents of each concept's seeds (row 0 of each seed) and answers the strip "
					+ "mean(A), mean(B), mean(C), mean(A) − mean(B) + mean(C), recorded as a generation "
					+ "(generationId, Latentforge-Generation-Id, Location) that replays the same strip.")
	@ApiResponse(responseCode = "400", description = "Missing or too many seeds, bad truncation or condition")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<?> arithmetic(@PathVariable String id, @RequestBody ArithmeticRequest request,
			@Parameter(description = "best (default), latest, or a checkpoint id") @RequestParam(
					required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		ImageResponses.choose(accept, GeneratedResponses.OFFERED);
		ServedModels.Selected selected = this.served.selectForInference(id, selector(request.checkpoint(), checkpoint),
				Capabilities.ARITHMETIC);
		checkSeeds(request.a(), "a");
		checkSeeds(request.b(), "b");
		checkSeeds(request.c(), "c");
		Double truncation = Generations.checkTruncation(request.truncation(), "truncation");
		Conditions.Resolved source = this.conditions.source(request.promptId(), request.prompt(), request.condition());
		LatentWalk walk = LatentWalk.arithmetic(List.copyOf(request.a()), List.copyOf(request.b()),
				List.copyOf(request.c()));
		Generations.Generated generated = this.generations.walk(selected, walk, truncation, source,
				field(request.promptId(), request.prompt()));
		return GenerationController.answer(generated, this.generations.view(generated.record()), accept);
	}

	private static void checkSeeds(List<Long> seeds, String field) {
		if (seeds == null || seeds.isEmpty() || seeds.size() > 64 || seeds.contains(null)) {
			throw ApiException.invalid(field, "give 1 to 64 seeds (the DCGAN paper averages three)");
		}
	}

	private static String selector(String body, String query) {
		return body != null ? body : query;
	}

	private static String field(String promptId, String prompt) {
		return promptId != null ? "promptId" : prompt != null ? "prompt" : "condition";
	}

}
