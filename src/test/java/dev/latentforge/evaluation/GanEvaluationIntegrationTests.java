package dev.latentforge.evaluation;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.latentforge.tensors.Npy;
import dev.latentforge.testing.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end with a real GAN trained by a worker on {@code ring-8}: seeded generation and
 * replay over HTTP, and an evaluation run by a worker in its evaluation mode (mode
 * coverage, high-quality fraction, precision and recall on the points).
 */
class GanEvaluationIntegrationTests extends ServiceIntegrationTest {

	@Test
	void trainGenerateReplayAndEvaluate() {
		HttpResponse<String> submitted = api().post("/api/v1/jobs",
				Map.of("name", "ring-gan", "dataset", "ring-8", "model", Map.of("type", "gan", "loss", "minimax"),
						"training", Map.of("maxSteps", 200, "batchSize", 64, "checkpointEvery", 100, "seed", 3)));
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
		String model = api().json(submitted).get("id").asString();
		api().awaitStatus(model, Duration.ofMinutes(4), "SUCCEEDED", "FAILED");
		assertThat(api().status(model)).isEqualTo("SUCCEEDED");

		Map<String, Object> body = Map.of("count", 40, "seed", 17);
		HttpResponse<byte[]> first = api().postBytes("/api/v1/models/" + model + "/generate", body, Npy.MEDIA_TYPE);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(Npy.read(first.body()).shape()).containsExactly(40, 2);
		assertThat(api().postBytes("/api/v1/models/" + model + "/generate", body, Npy.MEDIA_TYPE).body())
			.isEqualTo(first.body());
		String generation = first.headers().firstValue("Latentforge-Generation-Id").orElseThrow();
		assertThat(api().postBytes("/api/v1/generations/" + generation + "/replay", Map.of(), Npy.MEDIA_TYPE).body())
			.isEqualTo(first.body());
		assertThat(api().postBytes("/api/v1/generations/" + generation + "/replay", Map.of(), "image/png").body())
			.isEqualTo(api().postBytes("/api/v1/generations/" + generation + "/replay", Map.of(), "image/png").body());

		HttpResponse<String> created = api().post("/api/v1/models/" + model + "/evaluations",
				Map.of("metrics", List.of("modes-covered", "high-quality-fraction", "precision", "recall")));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
		String location = created.headers().firstValue("Location").orElseThrow();
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> List.of("SUCCEEDED", "FAILED")
				.contains(api().json(api().get(location)).get("status").asString()));
		JsonNode evaluation = api().json(api().get(location));
		assertThat(evaluation.get("status").asString()).as(evaluation.toString()).isEqualTo("SUCCEEDED");
		assertThat(evaluation.get("progress").asDouble()).isEqualTo(1.0);
		JsonNode results = evaluation.get("results");
		assertThat(results.size()).isEqualTo(4);
		assertThat(results.get(0).get("metric").asString()).isEqualTo("modes-covered");
		assertThat(results.get(0).get("value").asDouble()).isBetween(0.0, 8.0);
		assertThat(results.get(0).get("details").get("samples").asInt()).isEqualTo(2500);
		assertThat(results.get(0).get("details").get("perMode").size()).isEqualTo(8);
		for (int i = 1; i < 4; i++) {
			assertThat(results.get(i).get("value").asDouble()).isBetween(0.0, 1.0);
		}
		System.out.println("ring-8 GAN after 200 steps: " + results);
	}

}
