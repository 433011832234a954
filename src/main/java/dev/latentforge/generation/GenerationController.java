package dev.latentforge.generation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.latentforge.models.ConditionVocabulary.Condition;
import dev.latentforge.tensors.Npy;
import dev.latentforge.web.PageQuery;
import dev.latentforge.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Generation from seeds ({@code POST /models/{id}/generate}) and the record of every
 * generation ({@code /generations}), which can be replayed.
 */
@RestController
@Tag(name = "Generations",
		description = "Generate from seeds and conditions; every generation is recorded and " + "can be replayed")
class GenerationController {

	private static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt");

	private final Generations generations;

	GenerationController(Generations generations) {
		this.generations = generations;
	}

	/**
	 * What to generate.
	 *
	 * @param count how many examples (1 to latentforge.generation.max-images; default 16)
	 * @param seed the seed of the latent draws (chosen and recorded when absent)
	 * @param promptId a saved prompt to condition on
	 * @param prompt prompt text to condition on, read against the model's vocabulary
	 * @param condition a structured condition ({@code label}, {@code attributes})
	 * @param truncation redraw latent components with |z| above this (0.01 to 10)
	 * @param checkpoint best (default), latest, or a checkpoint id
	 */
	record GenerateRequest(Integer count, Long seed, String promptId, String prompt, Condition condition,
			Double truncation, String checkpoint) {
	}

	/**
	 * A recorded generation.
	 *
	 * @param id its id
	 * @param kind the operation that made it: generate, interpolate or arithmetic
	 * @param modelId the model
	 * @param checkpointId the checkpoint it used (kept by retention while this record
	 * exists)
	 * @param promptId the saved prompt it used, or null
	 * @param prompt the prompt text it used, or null
	 * @param condition the condition it resolved to, or null
	 * @param seed the seed of a generate call; null for an interpolation or arithmetic,
	 * whose seeds or latents are in walk
	 * @param walk an interpolation's method, frames and ends (seeds or latents), or an
	 * arithmetic's seeds a, b and c; null for a generate call
	 * @param count the number of examples
	 * @param truncation the truncation, or null
	 * @param createdAt when it was made
	 */
	record GenerationResponse(String id, String kind, String modelId, String checkpointId, String promptId,
			String prompt, Condition condition, Long seed, LatentWalk walk, int count, Double truncation,
			Instant createdAt) {
	}

	@PostMapping(path = "/api/v1/models/{id}/generate", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "generate", summary = "Generate examples from seeded latents",
			description = "Draws count latent vectors from the seed (row i from the generator keyed by (seed, i)), "
					+ "redraws components above the truncation, encodes the condition (promptId, prompt text or "
					+ "condition, at most one) and runs the model in fixed-size batches. Answers by Accept as the "
					+ "other model operations do (points: JSON, npy or a scatter PNG), with a generationId "
					+ "(JSON field, Latentforge-Generation-Id header) and a Location to the recorded generation.")
	@ApiResponse(responseCode = "400",
			description = "Bad count, truncation or seed, unreadable prompt text, unknown label or attribute, "
					+ "or a model that cannot generate")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	@ApiResponse(responseCode = "429", description = "Over the generation-rate quota")
	ResponseEntity<?> generate(@PathVariable String id, @RequestBody GenerateRequest request, @Parameter(
			description = "best (default), latest, or a checkpoint id; the body's checkpoint wins") @RequestParam(
					required = false) String checkpoint,
			@RequestHeader(name = "Accept", required = false) String accept) {
		ImageResponses.choose(accept, GeneratedResponses.OFFERED);
		Generations.Generated generated = this.generations.generate(id, request, checkpoint);
		return answer(generated, view(generated.record()), accept);
	}

	@GetMapping("/api/v1/generations")
	@Operation(operationId = "listGenerations", summary = "List recorded generations",
			description = "Newest first; optionally one model's, or one kind's.")
	PageResponse<GenerationResponse> list(
			@Parameter(description = "only this model's generations") @RequestParam(required = false) String modelId,
			@Parameter(
					description = "only generations of this kind: generate, interpolate or arithmetic") @RequestParam(
							required = false) String kind,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size, @Parameter(
					description = "createdAt; optionally ,asc or ,desc") @RequestParam(required = false) String sort) {
		return PageResponse.of(
				this.generations.list(modelId, kind,
						PageQuery.of(page, size, sort, SORTABLE, Sort.by(Sort.Direction.DESC, "createdAt"))),
				this::view);
	}

	@GetMapping("/api/v1/generations/{id}")
	@Operation(operationId = "getGeneration", summary = "Get a recorded generation")
	GenerationResponse get(@PathVariable String id) {
		return view(this.generations.get(id));
	}

	@PostMapping(path = "/api/v1/generations/{id}/replay",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE, Npy.MEDIA_TYPE })
	@Operation(operationId = "replayGeneration", summary = "Replay a generation",
			description = "Generates again from the recorded checkpoint, seed, count, truncation and condition (an "
					+ "interpolation or arithmetic strip: the recorded walk, answered as a strip with its latents): "
					+ "the same 8-bit PNGs and the same npy values on the same device and thread count.")
	@ApiResponse(responseCode = "406", description = "The Accept header asks for a format this operation cannot give")
	@ApiResponse(responseCode = "429", description = "Over the generation-rate quota")
	ResponseEntity<?> replay(@PathVariable String id, @RequestHeader(name = "Accept", required = false) String accept) {
		ImageResponses.choose(accept, GeneratedResponses.OFFERED);
		Generations.Generated generated = this.generations.replay(id);
		return answer(generated, view(generated.record()), accept);
	}

	@DeleteMapping("/api/v1/generations/{id}")
	@Operation(operationId = "deleteGeneration", summary = "Delete a generation's record",
			description = "Its checkpoint is no longer kept for it by retention.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.generations.delete(id);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The answer to a generation or its replay: the examples with the generation's id and
	 * record; a walk's as a strip (one PNG row) with its latents, and an interpolation's
	 * method or an arithmetic strip's frame labels.
	 */
	static ResponseEntity<?> answer(Generations.Generated generated, GenerationResponse view, String accept) {
		String id = generated.record().getId();
		Map<String, Object> extra = new LinkedHashMap<>();
		Integer columns = null;
		Generation.Kind kind = generated.record().getKind();
		if (kind != Generation.Kind.GENERATE) {
			columns = generated.record().getCount();
			if (kind == Generation.Kind.INTERPOLATE) {
				extra.put("method", view.walk().method());
			}
			else {
				extra.put("frames", LatentWalk.ARITHMETIC_FRAMES);
			}
			extra.put("latents", LatentWalk.rows(generated.latents(), columns));
		}
		extra.put("generationId", id);
		extra.put("generation", view);
		return GeneratedResponses.answer(generated.output(), accept, extra,
				Map.of("Latentforge-Generation-Id", id, "Location", "/api/v1/generations/" + id), columns);
	}

	private GenerationResponse view(Generation generation) {
		return this.generations.view(generation);
	}

}
