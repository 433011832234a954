package dev.latentforge.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The concurrent-jobs quota holds an owner's further jobs in the queue while free worker
 * slots go to other owners; when the owner's running job ends, the next one starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConcurrentJobsQuotaIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("concurrency");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
		registry.add("latentforge.jobs.worker-slots", () -> "2");
		registry.add("latentforge.quotas.max-concurrent-jobs", () -> "1");
	}

	@LocalServerPort
	int port;

	static final Map<String, Object> LONG_JOB = Map.of("dataset", "shapes", "model",
			Map.of("type", "autoencoder", "layers", List.of(16)), "training",
			Map.of("maxSteps", 100_000, "batchSize", 16, "checkpointEvery", 100_000));

	@Test
	void anOwnersSecondJobWaitsWhileAnotherOwnerTrains() {
		ServiceTestSupport.Api admin = new ServiceTestSupport.Api(this.port);
		ServiceTestSupport.Api jack = admin.withKey(admin.createKey("jack", "trainer"));
		ServiceTestSupport.Api kate = admin.withKey(admin.createKey("kate", "trainer"));
		String first = jack.json(jack.post("/api/v1/jobs", LONG_JOB)).get("id").asString();
		String second = jack.json(jack.post("/api/v1/jobs", LONG_JOB)).get("id").asString();
		String other = kate.json(kate.post("/api/v1/jobs", LONG_JOB)).get("id").asString();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> jack.status(first).equals("RUNNING") && kate.status(other).equals("RUNNING"));
		// the quota is checked each time the scheduler offers jack's second job a slot
		// (every second here)
		await().during(Duration.ofSeconds(4))
			.atMost(Duration.ofSeconds(6))
			.until(() -> jack.status(second).equals("QUEUED"));
		assertThat(jack.post("/api/v1/jobs/" + first + "/cancel", "").statusCode()).isEqualTo(202);
		await().atMost(Duration.ofMinutes(1)).until(() -> jack.status(second).equals("RUNNING"));
		assertThat(jack.status(first)).isEqualTo("CANCELLED");
		jack.post("/api/v1/jobs/" + second + "/cancel", "");
		kate.post("/api/v1/jobs/" + other + "/cancel", "");
		jack.awaitStatus(second, Duration.ofSeconds(30), "CANCELLED");
		kate.awaitStatus(other, Duration.ofSeconds(30), "CANCELLED");
	}

}
