package dev.latentforge.jobs;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobLifecycleIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("lifecycle");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
	}

	@LocalServerPort
	int port;

	static Map<String, Object> job(long steps) {
		return Map.of("name", "corners-ae", "dataset", "shapes", "model",
				Map.of("type", "autoencoder", "layers", List.of(64, 16)), "training",
				Map.of("maxSteps", steps, "batchSize", 32, "checkpointEvery", 20, "seed", 7, "optimizer",
						Map.of("type", "adam", "learningRate", 0.01)));
	}

	@Test
	void trainsAndServes() {
		ServiceTestSupport.Api api = new ServiceTestSupport.Api(this.port);
		HttpResponse<String> created = api.post("/api/v1/jobs", job(60));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = api.json(created).get("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + id);
		JsonNode done = api.awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("attempts").asInt()).isEqualTo(1);
		assertThat(done.get("progress").get("step").asLong()).isEqualTo(60);
		List<String> history = new ArrayList<>();
		done.get("history").forEach((t) -> history.add(t.get("to").asString()));
		assertThat(history).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
		assertThat(done.get("latestMetrics").get("val_mse_ratio").asDouble()).isLessThan(0.5);
		JsonNode checkpoints = api.json(api.get("/api/v1/jobs/" + id + "/checkpoints"));
		assertThat(checkpoints.size()).isEqualTo(3);
		HttpResponse<byte[]> samples = api.getBytes("/api/v1/jobs/" + id + "/samples", "image/png");
		assertThat(samples.statusCode()).isEqualTo(200);
		assertThat(samples.headers().firstValue("Content-Type")).hasValue("image/png");
		JsonNode metrics = api.json(api.get("/api/v1/jobs/" + id + "/metrics"));
		assertThat(metrics.get("series").toString()).contains("loss", "val_mse");
	}

}
