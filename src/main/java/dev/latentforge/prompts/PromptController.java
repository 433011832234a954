package dev.latentforge.prompts;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import dev.latentforge.models.ConditionVocabulary.Condition;
import dev.latentforge.web.PageQuery;
import dev.latentforge.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The prompts API: saved conditions for conditional models. */
@RestController
@RequestMapping("/api/v1/prompts")
@Tag(name = "Prompts", description = "Saved conditions (labels and attributes) for conditional generation")
class PromptController {

	private static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "name", "name");

	private final Prompts prompts;

	PromptController(Prompts prompts) {
		this.prompts = prompts;
	}

	/**
	 * A prompt to save: text or a structured condition.
	 *
	 * @param modelId the model it is for (its vocabulary reads and checks it)
	 * @param name a name, 1 to 200 characters
	 * @param text free text such as "a large bright circle" (see the README's grammar)
	 * @param condition a structured condition: {@code label} and {@code attributes}
	 * (attribute name to value name; numeric attributes take low, medium or high)
	 */
	record PromptRequest(String modelId, String name, String text, Condition condition) {
	}

	/**
	 * A saved prompt.
	 *
	 * @param id its id
	 * @param modelId the model it is for
	 * @param name its name
	 * @param text the text it was given as, or null
	 * @param condition the condition it means
	 * @param createdAt when it was saved
	 */
	record PromptResponse(String id, String modelId, String name, String text, Condition condition, Instant createdAt) {
	}

	@PostMapping
	@Operation(operationId = "createPrompt", summary = "Save a prompt",
			description = "Body {\"modelId\", \"name\", \"text\"} or {\"modelId\", \"name\", \"condition\": {\"label\", "
					+ "\"attributes\": {...}}}. Text is read against the model's vocabulary; text naming nothing "
					+ "known, unknown words, or two labels are refused with a 400 that lists what the model knows.")
	@ApiResponse(responseCode = "201", description = "Saved")
	@ApiResponse(responseCode = "400",
			description = "Unreadable text, unknown label or attribute, or a model that cannot generate")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<PromptResponse> create(@RequestBody PromptRequest request) {
		Prompt prompt = this.prompts.create(request);
		return ResponseEntity.created(URI.create("/api/v1/prompts/" + prompt.getId())).body(view(prompt));
	}

	@GetMapping
	@Operation(operationId = "listPrompts", summary = "List prompts", description = "Newest first by default.")
	PageResponse<PromptResponse> list(
			@Parameter(description = "only this model's prompts") @RequestParam(required = false) String modelId,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
			@Parameter(description = "createdAt or name; optionally ,asc or ,desc") @RequestParam(
					required = false) String sort) {
		return PageResponse.of(
				this.prompts.list(modelId,
						PageQuery.of(page, size, sort, SORTABLE, Sort.by(Sort.Direction.DESC, "createdAt"))),
				this::view);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getPrompt", summary = "Get a prompt")
	PromptResponse get(@PathVariable String id) {
		return view(this.prompts.get(id));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "deletePrompt", summary = "Delete a prompt",
			description = "Generations made with it keep their resolved condition and still replay.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.prompts.delete(id);
		return ResponseEntity.noContent().build();
	}

	private PromptResponse view(Prompt prompt) {
		return new PromptResponse(prompt.getId(), prompt.getModelId(), prompt.getName(), prompt.getText(),
				this.prompts.condition(prompt), prompt.getCreatedAt());
	}

}
