// openapi/openapi.yaml is the committed OpenAPI document; this test fails when it differs
// from the live one. After changing the API, regenerate it (the test then passes) with:
//
//   ./mvnw -B test -Dtest=OpenApiDocumentTests -Dlatentforge.openapi.write=true

package dev.latentforge.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the OpenAPI document that the running service serves: that the committed copy is
 * the same, that model specs and errors are documented as clients need them, and that
 * Swagger UI loads.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTests {

	static final Path COMMITTED = Path.of("openapi", "openapi.yaml");

	static final String REGENERATE = "./mvnw -B test -Dtest=OpenApiDocumentTests -Dlatentforge.openapi.write=true";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, ServiceTestSupport.newDataDir("openapi"));
	}

	@LocalServerPort
	int port;

	@Autowired
	ModelFamilies families;

	@Test
	void committedDocumentIsTheLiveOne() throws IOException {
		Map<String, Object> live = CanonicalDocument.fromJson(api().get("/v3/api-docs").body());
		if (Boolean.getBoolean("latentforge.openapi.write")) {
			Files.createDirectories(COMMITTED.getParent());
			Files.writeString(COMMITTED, CanonicalDocument.toYaml(live));
		}
		assertThat(COMMITTED).as("%s is missing; generate it with: %s", COMMITTED, REGENERATE).exists();
		Map<String, Object> committed = CanonicalDocument.fromYaml(Files.readString(COMMITTED));
		List<String> differences = CanonicalDocument.differences(committed, live, 20);
		assertThat(differences)
			.as("%s is not the live document; if the API change is intended, regenerate it with:%n  %s%n"
					+ "and commit it. Differences (at most 20)", COMMITTED, REGENERATE)
			.isEmpty();
		assertThat(committed).isEqualTo(live);
	}

	@Test
	void modelSpecIsOneOfEveryFamilysSpecChosenByType() {
		JsonNode document = document();
		JsonNode modelSpec = document.at("/components/schemas/ModelSpec");
		assertThat(modelSpec.at("/discriminator/propertyName").asString()).isEqualTo("type");
		assertThat(this.families.all()).extracting(ModelFamily::type).contains("autoencoder");
		Set<String> oneOf = new HashSet<>();
		modelSpec.get("oneOf").forEach((ref) -> oneOf.add(ref.get("$ref").asString()));
		for (ModelFamily family : this.families.all()) {
			String ref = modelSpec.at("/discriminator/mapping/" + family.type()).asString();
			assertThat(oneOf).contains(ref);
			JsonNode spec = document.at(ref.substring(1));
			assertThat(spec.at("/properties/type/type").asString()).isEqualTo("string");
			assertThat(spec.at("/properties/type/enum")).containsExactly(stringNode(family.type()));
			assertThat(spec.get("required")).contains(stringNode("type"));
		}
		assertThat(oneOf).hasSize(this.families.all().size());
		assertThat(modelSpec.at("/discriminator/mapping/autoencoder").asString())
			.isEqualTo("#/components/schemas/AutoencoderSpec");
		assertThat(document.at("/components/schemas/JobSpec/properties/model/$ref").asString())
			.isEqualTo("#/components/schemas/ModelSpec");
	}

	@Test
	void everyOperationAnswersErrorsWithTheProblemSchema() {
		JsonNode document = document();
		assertThat(document.at("/components/schemas/Problem/properties").propertyNames())
			.containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "traceId", "errors");
		assertThat(document.at("/components/schemas/Problem/properties/errors/items/$ref").asString())
			.isEqualTo("#/components/schemas/FieldProblem");
		assertThat(document.at("/components/schemas/FieldProblem/properties").propertyNames())
			.containsExactlyInAnyOrder("field", "reason");
		int operations = 0;
		for (JsonNode path : document.get("paths")) {
			for (JsonNode operation : path) {
				operations++;
				assertThat(operation.at("/responses/default/$ref").asString())
					.isEqualTo("#/components/responses/Problem");
				operation.get("responses").properties().forEach((entry) -> {
					JsonNode response = resolve(document, entry.getValue());
					if (!entry.getKey().startsWith("2")) {
						assertThat(response.at("/content").propertyNames()).as(entry.getKey())
							.containsExactly("application/problem+json");
						assertThat(response.at("/content/application~1problem+json/schema/$ref").asString())
							.isEqualTo("#/components/schemas/Problem");
					}
				});
			}
		}
		assertThat(operations).isGreaterThan(10);
		JsonNode cancel = document.at("/paths/~1api~1v1~1jobs~1{id}~1cancel/post/responses");
		assertThat(cancel.at("/409/description").asString()).isEqualTo("The job has already finished");
		assertThat(cancel.at("/404/$ref").asString()).isEqualTo("#/components/responses/NotFound");
		assertThat(cancel.has("400")).as("cancel reads nothing that can be invalid").isFalse();
	}

	@Test
	void aRealProblemHasOnlyDocumentedMembers() {
		HttpResponse<String> response = api().get("/api/v1/jobs/no-such-job");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		Set<String> documented = new HashSet<>(document().at("/components/schemas/Problem/properties").propertyNames());
		documented.addAll(Set.of("resource", "id"));
		assertThat(api().json(response).propertyNames()).containsAll(Set.of("type", "title", "status", "traceId"))
			.allMatch(documented::contains);
	}

	@Test
	void swaggerUiLoads() {
		HttpResponse<String> redirect = api().get("/swagger-ui.html");
		assertThat(redirect.statusCode()).isEqualTo(302);
		String location = redirect.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> page = api()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api().base()).resolve(location))
				.GET()
				.build());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("swagger-ui");
	}

	private ServiceTestSupport.Api api() {
		return new ServiceTestSupport.Api(this.port);
	}

	private JsonNode document() {
		HttpResponse<String> response = api().get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		return api().json(response);
	}

	private static JsonNode resolve(JsonNode document, JsonNode response) {
		return response.has("$ref") ? document.at(response.get("$ref").asString().substring(1)) : response;
	}

	private static JsonNode stringNode(String value) {
		return ServiceTestSupport.JSON.getNodeFactory().stringNode(value);
	}

}
