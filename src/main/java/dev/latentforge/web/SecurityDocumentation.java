package dev.latentforge.web;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Documents how to authenticate, so that Swagger UI's "Authorize" dialog works: an API
 * key as a bearer token ({@code bearerAuth}) or in the {@code X-API-Key} header
 * ({@code apiKey}), required by every operation. Every operation may answer 401;
 * operations that change state, and the admin ones, may answer 403.
 */
class SecurityDocumentation implements OpenApiCustomizer {

	static final String BEARER = "bearerAuth";

	static final String API_KEY = "apiKey";

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	@Override
	public void customise(OpenAPI openApi) {
		Schemas.components(openApi)
			.addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key (lf_...) or, when enabled, a JWT: Authorization: Bearer <key>"))
			.addSecuritySchemes(API_KEY,
					new SecurityScheme().type(SecurityScheme.Type.APIKEY)
						.in(SecurityScheme.In.HEADER)
						.name("X-API-Key")
						.description("An API key in the X-API-Key header"))
			.addResponses("Unauthorized",
					problem("No API key was sent, or it is unknown, revoked or expired (WWW-Authenticate: Bearer)"))
			.addResponses("Forbidden", problem("The key's role may not make this call"));
		openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
		openApi.addSecurityItem(new SecurityRequirement().addList(API_KEY));
		if (openApi.getPaths() == null) {
			return;
		}
		for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
			path.getValue()
				.readOperationsMap()
				.forEach((method, operation) -> document(path.getKey(), method, operation));
		}
	}

	private static void document(String path, PathItem.HttpMethod method, Operation operation) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		operation.getResponses().addApiResponse("401", new ApiResponse().$ref("#/components/responses/Unauthorized"));
		boolean adminOnly = path.startsWith("/api/v1/audit")
				|| (path.startsWith("/api/v1/keys") && method != PathItem.HttpMethod.GET);
		if (method != PathItem.HttpMethod.GET || adminOnly) {
			operation.getResponses().addApiResponse("403", new ApiResponse().$ref("#/components/responses/Forbidden"));
		}
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(Schemas.ref(ProblemSchema.NAME))));
	}

}
