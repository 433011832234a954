package dev.latentforge.jobs;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.latentforge.testing.ServiceTestSupport;
import dev.latentforge.testing.Workers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With two worker slots, two jobs train at once, each in its own worker process. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConcurrentWorkersIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("two-slots");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
		registry.add("latentforge.jobs.worker-slots", () -> "2");
	}

	@LocalServerPort
	int port;

	@Test
	void twoSlotsRunTwoJobsAtOnceInTwoWorkers() {
		ServiceTestSupport.Api api = new ServiceTestSupport.Api(this.port);
		Map<String, Object> job = Map.of("dataset", "shapes", "model",
				Map.of("type", "autoencoder", "layers", List.of(32, 8)), "training",
				Map.of("maxSteps", 5000, "batchSize", 32, "checkpointEvery", 1000));
		String first = id(api, api.post("/api/v1/jobs", job));
		String second = id(api, api.post("/api/v1/jobs", job));
		await().atMost(Duration.ofMinutes(1))
			.until(() -> api.status(first).equals("RUNNING") && api.status(second).equals("RUNNING")
					&& Workers.of(first).size() == 1 && Workers.of(second).size() == 1);
		assertThat(Workers.of(first).get(0).pid()).isNotEqualTo(Workers.of(second).get(0).pid());
		await().atMost(Duration.ofMinutes(1))
			.until(() -> api.job(first).get("progress").get("step").asLong() > 0
					&& api.job(second).get("progress").get("step").asLong() > 0);
		api.post("/api/v1/jobs/" + first + "/cancel", "");
		api.post("/api/v1/jobs/" + second + "/cancel", "");
		api.awaitStatus(first, Duration.ofSeconds(30), "CANCELLED");
		api.awaitStatus(second, Duration.ofSeconds(30), "CANCELLED");
	}

	static String id(ServiceTestSupport.Api api, HttpResponse<String> created) {
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return api.json(created).get("id").asString();
	}

}
