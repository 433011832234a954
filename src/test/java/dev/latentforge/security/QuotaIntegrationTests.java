package dev.latentforge.security;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotas and the bounded queue answer 429 and 503 with {@code Retry-After} and a problem
 * that names the limit, and leave nothing half-created. This node has no worker slots, so
 * queued jobs stay queued.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuotaIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("quotas");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
		registry.add("latentforge.jobs.worker-slots", () -> "0");
		registry.add("latentforge.jobs.max-queued", () -> "3");
		registry.add("latentforge.quotas.max-queued-jobs", () -> "2");
		registry.add("latentforge.quotas.max-dataset-bytes", () -> "12KB");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	static final Map<String, Object> JOB = Map.of("dataset", "shapes", "model",
			Map.of("type", "autoencoder", "layers", List.of(8)), "training", Map.of("maxSteps", 5, "batchSize", 8));

	long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	@Test
	void queuedJobsPerOwnerThenTheWholeQueueAreBounded() {
		ServiceTestSupport.Api admin = new ServiceTestSupport.Api(this.port);
		ServiceTestSupport.Api erin = admin.withKey(admin.createKey("erin", "trainer"));
		ServiceTestSupport.Api frank = admin.withKey(admin.createKey("frank", "trainer"));
		assertThat(erin.post("/api/v1/jobs", JOB).statusCode()).isEqualTo(201);
		assertThat(erin.post("/api/v1/jobs", JOB).statusCode()).isEqualTo(201);
		long jobs = count("training_jobs");
		long executions = count("scheduled_tasks");
		HttpResponse<String> overQuota = erin.post("/api/v1/jobs", JOB);
		ServiceTestSupport.assertProblem(overQuota, 429, "quota-exceeded");
		assertThat(overQuota.body()).contains("\"quota\":\"queued-jobs\"", "\"limit\":2");
		assertThat(overQuota.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(count("training_jobs")).isEqualTo(jobs);
		assertThat(count("scheduled_tasks")).isEqualTo(executions);
		assertThat(frank.post("/api/v1/jobs", JOB).statusCode()).isEqualTo(201);
		HttpResponse<String> full = frank.post("/api/v1/jobs", JOB);
		ServiceTestSupport.assertProblem(full, 503, "queue-full");
		assertThat(full.headers().firstValue("Retry-After")).isPresent();
		assertThat(count("training_jobs")).isEqualTo(jobs + 1);
		assertThat(count("scheduled_tasks")).isEqualTo(executions + 1);
	}

	@Test
	void storedDataSetBytesPerOwnerAreBounded() throws Exception {
		ServiceTestSupport.Api admin = new ServiceTestSupport.Api(this.port);
		ServiceTestSupport.Api gina = admin.withKey(admin.createKey("gina", "trainer"));
		assertThat(gina.uploadIdx("first", 100, 8, 8).statusCode()).isEqualTo(201);
		long rows = count("datasets");
		long directories;
		try (var uploads = Files.list(dataDir.resolve("datasets/uploads"))) {
			directories = uploads.count();
		}
		HttpResponse<String> overQuota = gina.uploadIdx("second", 100, 8, 8);
		ServiceTestSupport.assertProblem(overQuota, 429, "quota-exceeded");
		assertThat(overQuota.body()).contains("\"quota\":\"dataset-bytes\"");
		assertThat(overQuota.headers().firstValue("Retry-After")).isPresent();
		assertThat(count("datasets")).isEqualTo(rows);
		try (var uploads = Files.list(dataDir.resolve("datasets/uploads"))) {
			assertThat(uploads.count()).isEqualTo(directories);
		}
		assertThat(admin.withKey(admin.createKey("hugo", "trainer")).uploadIdx("other owner", 100, 8, 8).statusCode())
			.as("the quota is per owner")
			.isEqualTo(201);
	}

}
