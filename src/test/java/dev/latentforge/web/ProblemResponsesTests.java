package dev.latentforge.web;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTests {

	@Test
	void listsTheStatusesThatFollowFromEachOperationsShape() {
		Operation list = operation(parameter("query", "sort", "string"));
		Operation page = operation(parameter("query", "page", "integer"));
		Operation submit = operation().requestBody(new RequestBody().content(json("object")));
		Operation get = operation(parameter("path", "id", "string"), parameter("query", "checkpoint", "string"));
		customise(new Paths().addPathItem("/things", new PathItem().get(list).post(submit))
			.addPathItem("/pages", new PathItem().get(page))
			.addPathItem("/things/{id}", new PathItem().get(get)));
		assertThat(list.getResponses()).containsOnlyKeys("200", "500", "default");
		assertThat(page.getResponses()).containsOnlyKeys("200", "400", "500", "default");
		assertThat(submit.getResponses()).containsOnlyKeys("200", "400", "413", "500", "default");
		assertThat(get.getResponses()).containsOnlyKeys("200", "404", "500", "default");
		assertThat(get.getResponses().get("404").get$ref()).isEqualTo("#/components/responses/NotFound");
		assertThat(get.getResponses().get("default").get$ref()).isEqualTo("#/components/responses/Problem");
	}

	@Test
	void declaredErrorsKeepTheirDescriptionAndGetTheProblemBody() {
		Operation cancel = operation(parameter("path", "id", "string"));
		cancel.getResponses()
			.addApiResponse("409", new ApiResponse().description("Already finished").content(json("object")))
			.addApiResponse("503", new ApiResponse().description("The queue is full"));
		OpenAPI openApi = customise(new Paths().addPathItem("/things/{id}/cancel", new PathItem().post(cancel)));
		ApiResponse conflict = cancel.getResponses().get("409");
		assertThat(conflict.getDescription()).isEqualTo("Already finished");
		assertThat(conflict.getContent()).containsOnlyKeys("application/problem+json");
		assertThat(conflict.getContent().get("application/problem+json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/Problem");
		assertThat(cancel.getResponses().get("503").getHeaders()).containsOnlyKeys("Retry-After");
		assertThat(cancel.getResponses().get("200").getContent()).containsOnlyKeys("application/json");
		assertThat(openApi.getComponents().getSchemas()).containsKeys("Problem", "FieldProblem");
		assertThat(openApi.getComponents().getResponses()).containsOnlyKeys("BadRequest", "NotFound", "PayloadTooLarge",
				"InternalError", "Problem");
	}

	private static OpenAPI customise(Paths paths) {
		OpenAPI openApi = new OpenAPI(SpecVersion.V31).paths(paths);
		new ProblemResponses().customise(openApi);
		return openApi;
	}

	private static Operation operation(Parameter... parameters) {
		return new Operation().parameters(parameters.length == 0 ? null : List.of(parameters))
			.responses(new ApiResponses().addApiResponse("200",
					new ApiResponse().description("OK").content(json("object"))));
	}

	private static Parameter parameter(String in, String name, String type) {
		return new Parameter().in(in).name(name).schema(Schemas.typed(type, SpecVersion.V31));
	}

	private static Content json(String type) {
		return new Content().addMediaType("application/json",
				new MediaType().schema(Schemas.typed(type, SpecVersion.V31)));
	}

}
