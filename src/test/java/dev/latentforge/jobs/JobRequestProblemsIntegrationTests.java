package dev.latentforge.jobs;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad job request gets its status with an {@code application/problem+json}
 * body that names the field and the reason, and creates nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobRequestProblemsIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("problems");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
		registry.add("latentforge.web.max-body-size", () -> "64KB");
	}

	@LocalServerPort
	int port;

	@Autowired
	TrainingJobRepository jobs;

	static String valid() {
		return """
				{"dataset": "shapes", "model": {"type": "autoencoder", "layers": [32, 8]},
				 "training": {"maxSteps": 10, "batchSize": 16}}""";
	}

	static Stream<Arguments> badRequests() {
		return Stream.of(Arguments.of("malformed JSON", "{\"dataset\": ", 400, "malformed-request", null),
				Arguments.of("unknown top-level field", valid().replace("{\"dataset\"", "{\"colour\": 1, \"dataset\""),
						400, "validation", "colour"),
				Arguments.of("unknown model field", valid().replace("\"layers\"", "\"depth\": 3, \"layers\""), 400,
						"validation", "model"),
				Arguments.of("unknown model type", valid().replace("\"autoencoder\"", "\"transformer\""), 400,
						"validation", "model.type"),
				Arguments.of("missing model", "{\"dataset\": \"shapes\", \"training\": {\"maxSteps\": 10}}", 400,
						"validation", "model"),
				Arguments.of("negative layer width", valid().replace("[32, 8]", "[32, -8]"), 400, "validation",
						"model.layers"),
				Arguments.of("null layer width", valid().replace("[32, 8]", "[null, 8]"), 400, "validation",
						"model.layers"),
				Arguments.of("null class name",
						valid().replace("\"model\"", "\"data\": {\"classes\": [null]}, \"model\""), 400, "validation",
						"data.classes"),
				Arguments.of("absurd layer width", valid().replace("[32, 8]", "[1000000, 8]"), 400, "validation",
						"model.layers"),
				Arguments.of("code as large as the input", valid().replace("[32, 8]", "[900, 784]"), 400, "validation",
						"model.layers[1]"),
				Arguments.of("negative steps", valid().replace("\"maxSteps\": 10", "\"maxSteps\": -5"), 400,
						"validation", "training.maxSteps"),
				Arguments.of("both steps and epochs",
						valid().replace("\"maxSteps\": 10", "\"maxSteps\": 10, \"epochs\": 2"), 400, "validation",
						"training"),
				Arguments.of("batch larger than the data set",
						valid().replace("\"batchSize\": 16", "\"batchSize\": 60000"), 400, "validation",
						"training.batchSize"),
				Arguments.of("unknown data set", valid().replace("\"shapes\"", "\"no-such-set\""), 400, "validation",
						"dataset"),
				Arguments.of("unknown class",
						valid().replace("\"model\"", "\"data\": {\"classes\": [\"circle\", \"hexagon\"]}, \"model\""),
						400, "validation", "data.classes[1]"),
				Arguments.of("unknown split", valid().replace("\"model\"", "\"data\": {\"split\": \"dev\"}, \"model\""),
						400, "validation", "data.split"),
				Arguments.of("unknown activation",
						valid().replace("\"layers\"", "\"activation\": \"swish\", \"layers\""), 400, "validation",
						"model.activation"),
				Arguments.of("cross-entropy without sigmoid outputs",
						valid().replace("\"layers\"",
								"\"loss\": \"bce\", \"outputActivation\": \"linear\", \"layers\""),
						400, "validation", "model.outputActivation"),
				Arguments.of("absurd learning rate",
						valid().replace("\"batchSize\": 16",
								"\"batchSize\": 16, \"optimizer\": {\"learningRate\": 1e6}"),
						400, "validation", "training.optimizer.learningRate"),
				Arguments.of("autoencoder on points", valid().replace("\"shapes\"", "\"ring-8\""), 400, "validation",
						"dataset"),
				Arguments.of("a GPU this machine lacks",
						valid().replace("{\"dataset\"", "{\"device\": \"gpu:0\", \"dataset\""), 400,
						"device-unavailable", "device"),
				Arguments.of("a device that is no device",
						valid().replace("{\"dataset\"", "{\"device\": \"tpu\", \"dataset\""), 400, "validation",
						"device"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void badJobRequestsAreRefusedWithAProblem(String name, String body, int status, String type, String field) {
		long before = this.jobs.count();
		HttpResponse<String> response = api().post("/api/v1/jobs", body);
		assertProblem(response, status, type);
		if (field != null) {
			JsonNode errors = api().json(response).get("errors");
			assertThat(errors).as(response.body()).isNotNull();
			assertThat(errors.toString()).contains("\"field\":\"" + field);
		}
		assertThat(this.jobs.count()).isEqualTo(before);
	}

	@Test
	void oversizeBodyGets413() {
		String big = valid().replace("{\"dataset\"", "{\"name\": \"" + "x".repeat(70_000) + "\", \"dataset\"");
		assertProblem(api().post("/api/v1/jobs", big), 413, "payload-too-large");
	}

	@Test
	void wrongContentTypeGets415() {
		HttpResponse<String> response = api().send(HttpRequest.newBuilder(URI.create(api().base() + "/api/v1/jobs"))
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(valid()))
			.build());
		assertProblem(response, 415, "unsupported-media-type");
	}

	@Test
	void unknownIdsGet404() {
		for (String path : List.of("/api/v1/jobs/nope", "/api/v1/jobs/nope/checkpoints", "/api/v1/jobs/nope/metrics",
				"/api/v1/jobs/nope/logs", "/api/v1/jobs/nope/samples", "/api/v1/models/nope",
				"/api/v1/models/nope/export", "/api/v1/datasets/nope")) {
			assertProblem(api().get(path), 404, "not-found");
		}
		assertProblem(api().post("/api/v1/jobs/nope/cancel", ""), 404, "not-found");
		assertProblem(api().post("/api/v1/models/nope/reconstruct", Map.of("images", List.of())), 404, "not-found");
		assertProblem(api().delete("/api/v1/jobs/nope"), 404, "not-found");
		assertProblem(api().get("/api/v1/no-such-endpoint"), 404, "not-found");
	}

	@Test
	void badPagingGets400() {
		assertProblem(api().get("/api/v1/jobs?size=500"), 400, "validation");
		assertProblem(api().get("/api/v1/jobs?page=-1"), 400, "validation");
		assertProblem(api().get("/api/v1/jobs?sort=password"), 400, "validation");
		assertProblem(api().get("/api/v1/jobs?status=SLEEPING"), 400, null);
	}

	@Test
	void idempotencyKeyReturnsTheSameJobAndRefusesAnotherBody() {
		Map<String, String> key = Map.of("Idempotency-Key", "abc-123");
		String body = valid().replace("\"maxSteps\": 10", "\"maxSteps\": 5");
		HttpResponse<String> first = api().post("/api/v1/jobs", body, key);
		HttpResponse<String> again = api().post("/api/v1/jobs", body, key);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(api().json(again).get("id")).isEqualTo(api().json(first).get("id"));
		assertProblem(api().post("/api/v1/jobs", valid(), key), 409, "idempotency-key-reused");
	}

	ServiceTestSupport.Api api() {
		return new ServiceTestSupport.Api(this.port);
	}

	static void assertProblem(HttpResponse<String> response, int status, String type) {
		ServiceTestSupport.assertProblem(response, status, type);
	}

}
