package dev.latentforge.evaluation;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.latentforge.testing.ServiceTestSupport;
import dev.latentforge.testing.generators.GeneratorModels;
import dev.latentforge.testing.generators.GeneratorServiceTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.latentforge.testing.ServiceTestSupport.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluations resource without a worker (no slots: evaluations stay queued): what a
 * submission checks, the 202 and its Location, cancel, delete, owners. Running
 * evaluations are tested with a trained GAN in {@code GanEvaluationIntegrationTests}.
 */
class EvaluationApiIntegrationTests extends GeneratorServiceTest {

	@Autowired
	GeneratorModels models;

	@Test
	void submitsChecksCancelsAndDeletes() throws Exception {
		String model = submit("shapes", Map.of("type", "linear-generator", "latentSize", 4, "conditional", true));
		String unconditional = submit("shapes", Map.of("type", "linear-generator", "latentSize", 4));
		String points = submit("ring-8", Map.of("type", "linear-generator", "latentSize", 2));
		// no checkpoint yet: 409
		assertProblem(api().post("/api/v1/models/" + model + "/evaluations", Map.of("metrics", List.of("precision"))),
				409, "conflict");
		this.models.checkpoint(model, 1, 1);
		this.models.checkpoint(unconditional, 1, 2);
		this.models.checkpoint(points, 1, 3);

		HttpResponse<String> unknown = api().post("/api/v1/models/" + model + "/evaluations",
				Map.of("metrics", List.of("frechet-distance", "log-likelihood")));
		assertProblem(unknown, 400, "validation");
		assertThat(api().json(unknown).get("errors").get(0).get("field").asString()).isEqualTo("metrics[1]");
		assertThat(api().json(unknown).get("supported").toString()).contains("frechet-distance",
				"conditional-accuracy");
		// conditional accuracy only for conditional models; ring metrics only on points
		assertProblem(api().post("/api/v1/models/" + unconditional + "/evaluations",
				Map.of("metrics", List.of("conditional-accuracy"))), 400, "validation");
		assertProblem(
				api().post("/api/v1/models/" + model + "/evaluations", Map.of("metrics", List.of("modes-covered"))),
				400, "validation");
		assertProblem(
				api().post("/api/v1/models/" + points + "/evaluations", Map.of("metrics", List.of("classifier-score"))),
				400, "validation");
		assertProblem(api().post("/api/v1/models/" + model + "/evaluations", Map.of("metrics", List.of())), 400,
				"validation");
		assertProblem(api().post("/api/v1/models/" + model + "/evaluations",
				Map.of("metrics", List.of("precision"), "split", "validation")), 400, "validation");
		assertProblem(api().post("/api/v1/models/" + model + "/evaluations",
				Map.of("metrics", List.of("precision"), "dataset", "ring-8")), 400, "validation");
		assertProblem(api().post("/api/v1/models/" + model + "/evaluations",
				Map.of("metrics", List.of("precision"), "dataset", "no-such-set")), 400, "validation");

		HttpResponse<String> created = api().post("/api/v1/models/" + model + "/evaluations", Map.of("metrics",
				List.of("frechet-distance", "conditional-accuracy"), "options", Map.of("samples", 500)));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
		JsonNode evaluation = api().json(created);
		String id = evaluation.get("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/evaluations/" + id);
		assertThat(evaluation.get("status").asString()).isEqualTo("QUEUED");
		assertThat(evaluation.get("split").asString()).isEqualTo("test");
		assertThat(evaluation.get("dataset").asString()).isEqualTo("shapes");
		assertThat(evaluation.get("options").get("samples").asInt()).isEqualTo(500);
		JsonNode fetched = api().json(api().get("/api/v1/evaluations/" + id));
		assertThat(fetched.get("metrics").toString()).isEqualTo("[\"frechet-distance\",\"conditional-accuracy\"]");
		assertThat(api().json(api().get("/api/v1/models/" + model + "/evaluations")).get("items").size()).isEqualTo(1);
		// another owner: 404 everywhere
		ServiceTestSupport.Api other = api().withKey(api().createKey("evaluation-outsider", "trainer"));
		assertProblem(other.get("/api/v1/evaluations/" + id), 404, "not-found");
		assertProblem(other.post("/api/v1/evaluations/" + id + "/cancel", Map.of()), 404, "not-found");
		assertProblem(other.get("/api/v1/models/" + model + "/evaluations"), 404, "not-found");
		assertProblem(other.post("/api/v1/models/" + model + "/evaluations", Map.of("metrics", List.of("precision"))),
				404, "not-found");
		// a queued evaluation cannot be deleted; cancelled it can
		assertProblem(api().delete("/api/v1/evaluations/" + id), 409, "conflict");
		JsonNode cancelled = api().json(api().post("/api/v1/evaluations/" + id + "/cancel", Map.of()));
		assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
		assertProblem(api().post("/api/v1/evaluations/" + id + "/cancel", Map.of()), 409, "conflict");
		assertThat(api().delete("/api/v1/evaluations/" + id).statusCode()).isEqualTo(204);
		assertProblem(api().get("/api/v1/evaluations/" + id), 404, "not-found");
	}

}
