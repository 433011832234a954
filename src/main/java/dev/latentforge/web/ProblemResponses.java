package dev.latentforge.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.http.HttpHeaders;

/**
 * Documents every operation's error responses as {@code application/problem+json} bodies
 * of the {@link ProblemSchema Problem} schema.
 *
 * <p>
 * Each operation gets the statuses that follow from its shape, as
 * {@link ApiExceptionHandler} answers them: 400 when it reads a body or a parameter that
 * must be converted or matched (a number, an enum, a pattern), 404 when its path names a
 * resource, 413 when it reads a body, and 500 and {@code default} always. An error status
 * that a controller declares with {@code @ApiResponse} (such as 409 for an illegal
 * transition) keeps its description and gets the problem body instead of the one
 * springdoc copies from the method's return type; declare a 400 that only the
 * controller's code can raise (a string that must be one of a few words) the same way.
 * 429 and 503 carry {@code Retry-After}.
 */
class ProblemResponses implements OpenApiCustomizer {

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	/** The conventional responses by status. */
	private static final Map<String, Convention> CONVENTIONS = Map.ofEntries(
			Map.entry("400",
					new Convention("BadRequest",
							"The request is invalid or cannot be read; errors lists the invalid fields")),
			Map.entry("404", new Convention("NotFound", "A resource that the request names does not exist")),
			Map.entry("413", new Convention("PayloadTooLarge", "The request body is larger than allowed")),
			Map.entry("500",
					new Convention("InternalError", "An unexpected error; the log has the details under the traceId")),
			Map.entry("default", new Convention("Problem", "Any other error")));

	@Override
	public void customise(OpenAPI openApi) {
		Components components = Schemas.components(openApi);
		SpecVersion version = openApi.getSpecVersion();
		ProblemSchema.addTo(components, version);
		CONVENTIONS.forEach((status, convention) -> components.addResponses(convention.name(),
				problem(convention.description(), status, version)));
		if (openApi.getPaths() == null) {
			return;
		}
		for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
			for (Operation operation : path.getValue().readOperations()) {
				document(path.getKey(), operation, version);
			}
		}
	}

	private static void document(String path, Operation operation, SpecVersion version) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		ApiResponses responses = operation.getResponses();
		responses.forEach((status, response) -> {
			if (isError(status) && response.get$ref() == null) {
				ApiResponse documented = problem(response.getDescription(), status, version);
				response.setContent(documented.getContent());
				response.setHeaders(merge(response.getHeaders(), documented.getHeaders()));
			}
		});
		boolean readsBody = operation.getRequestBody() != null;
		if (readsBody || readsConvertedParameters(operation)) {
			conventional(responses, "400");
		}
		if (path.contains("{")) {
			conventional(responses, "404");
		}
		if (readsBody) {
			conventional(responses, "413");
		}
		conventional(responses, "500");
		conventional(responses, "default");
	}

	private static void conventional(ApiResponses responses, String status) {
		if (!responses.containsKey(status)) {
			responses.addApiResponse(status,
					new ApiResponse().$ref("#/components/responses/" + CONVENTIONS.get(status).name()));
		}
	}

	private static ApiResponse problem(String description, String status, SpecVersion version) {
		ApiResponse response = new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(Schemas.ref(ProblemSchema.NAME))));
		if (status.equals("429") || status.equals("503")) {
			response.addHeaderObject(HttpHeaders.RETRY_AFTER,
					new Header().description("Seconds to wait before trying again")
						.schema(Schemas.typed("integer", version)));
		}
		return response;
	}

	private static boolean isError(String status) {
		return status.equals("default") || status.startsWith("4") || status.startsWith("5");
	}

	private static boolean readsConvertedParameters(Operation operation) {
		return operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch((parameter) -> !isFreeText(parameter.getSchema()));
	}

	/**
	 * Whether any string is accepted, so that only the controller's code can reject it.
	 */
	private static boolean isFreeText(Schema<?> schema) {
		if (schema == null) {
			return true;
		}
		boolean string = "string".equals(schema.getType())
				|| (schema.getTypes() != null && schema.getTypes().equals(Set.of("string")));
		return string && schema.get$ref() == null && schema.getEnum() == null && schema.getPattern() == null
				&& schema.getFormat() == null && schema.getMinLength() == null && schema.getMaxLength() == null;
	}

	private static Map<String, Header> merge(Map<String, Header> declared, Map<String, Header> added) {
		if (added == null) {
			return declared;
		}
		Map<String, Header> merged = new LinkedHashMap<>(added);
		if (declared != null) {
			merged.putAll(declared);
		}
		return merged;
	}

	/**
	 * A conventional error response.
	 *
	 * @param name its name under {@code components/responses}
	 * @param description what it means
	 */
	private record Convention(String name, String description) {
	}

}
