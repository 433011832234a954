package dev.latentforge.ops;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.latentforge.jobs.TrainingJob;
import dev.latentforge.jobs.TrainingJobRepository;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsEndpointsIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("ops");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
		registry.add("latentforge.ops.metrics-refresh", () -> "200ms");
	}

	@LocalServerPort
	int port;

	@Autowired
	TrainingJobRepository jobs;

	@Autowired
	TransactionTemplate transactions;

	ServiceTestSupport.Api api() {
		return new ServiceTestSupport.Api(this.port);
	}

	@Test
	void livenessIgnoresTheEngineAndReadinessIncludesIt() {
		HttpResponse<String> liveness = api().get("/actuator/health/liveness");
		assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(200);
		assertThat(api().json(liveness).get("status").asString()).isEqualTo("UP");
		assertThat(liveness.body()).doesNotContain("djl", "\"db\"");
		HttpResponse<String> readiness = api().get("/actuator/health/readiness");
		assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
		JsonNode ready = api().json(readiness);
		assertThat(ready.get("status").asString()).isEqualTo("UP");
		assertThat(ready.get("components").propertyNames()).containsExactlyInAnyOrder("readinessState", "db", "djl");
	}

	@Test
	void healthShowsTheEngine() {
		JsonNode djl = api().json(api().get("/actuator/health")).get("components").get("djl");
		assertThat(djl.get("status").asString()).as(djl.toString()).isEqualTo("UP");
		JsonNode details = djl.get("details");
		assertThat(details.get("engine").asString()).isEqualTo("PyTorch");
		assertThat(details.get("pytorchVersion").asString()).isEqualTo("2.7.1");
		assertThat(details.get("djlVersion").asString()).isEqualTo("0.36.0");
		assertThat(details.get("devices").get(0).asString()).isEqualTo("cpu");
		assertThat(details.get("devices").size()).isEqualTo(1 + details.get("gpuCount").asInt());
		assertThat(details.get("intraOpThreads").asInt()).isPositive();
		assertThat(details.get("offline").asBoolean()).isTrue();
	}

	@Test
	void infoShowsTheEngineAndTheBuild() {
		JsonNode info = api().json(api().get("/actuator/info"));
		JsonNode engine = info.get("engine");
		assertThat(engine.get("djl").asString()).isEqualTo("0.36.0");
		assertThat(engine.get("pytorch").asString()).isEqualTo("2.7.1");
		assertThat(engine.get("devices").get(0).asString()).isEqualTo("cpu");
		assertThat(info.get("build").get("artifact").asString()).as(info.toString()).isEqualTo("latentforge");
		assertThat(info.get("build").get("version").asString()).isNotBlank();
	}

	@Test
	void prometheusFollowsTheJobs() {
		String before = awaitScrape("latentforge_jobs_queue_depth");
		double queued = value(before, "latentforge_jobs", "QUEUED");
		double running = value(before, "latentforge_jobs", "RUNNING");
		double speed = value(before, "latentforge_training_steps_per_second", null);
		assertThat(value(before, "latentforge_jobs_queue_depth", null)).isEqualTo(queued);
		assertThat(before).contains("latentforge_generation_latency_seconds_count");
		List<String> ids = new ArrayList<>();
		try {
			ids.add(insert(false, null));
			ids.add(insert(false, null));
			ids.add(insert(true, 12.5));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				String after = api().get("/actuator/prometheus").body();
				assertThat(value(after, "latentforge_jobs", "QUEUED")).isEqualTo(queued + 2);
				assertThat(value(after, "latentforge_jobs_queue_depth", null)).isEqualTo(queued + 2);
				assertThat(value(after, "latentforge_jobs", "RUNNING")).isEqualTo(running + 1);
				assertThat(value(after, "latentforge_training_steps_per_second", null)).isEqualTo(speed + 12.5);
			});
		}
		finally {
			this.jobs.deleteAllById(ids);
		}
	}

	/**
	 * Inserts a job row that no worker will pick up: it has no scheduler execution.
	 */
	private String insert(boolean running, Double stepsPerSecond) {
		String id = UUID.randomUUID().toString();
		Instant now = Instant.now();
		TrainingJob job = TrainingJob.submitted(id, new TrainingJob.Submission("tester", "ops-test", "autoencoder",
				"{}", "bars-and-stripes", "0".repeat(64), 1, 0, "cpu", 5, null, null), now);
		int attempt = running ? job.start("ops-test-node", now) : 0;
		this.transactions.executeWithoutResult((tx) -> {
			this.jobs.save(job);
			if (running) {
				this.jobs.updateProgress(id, attempt, 1, 0, "training", stepsPerSecond, null);
			}
		});
		return id;
	}

	private String awaitScrape(String series) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !Double.isNaN(value(api().get("/actuator/prometheus").body(), series, null)));
		return api().get("/actuator/prometheus").body();
	}

	/** The value of a series, filtered by its status tag if given; NaN if absent. */
	static double value(String scrape, String name, String status) {
		String labels = (status != null) ? "\\{[^}]*status=\"" + status + "\"[^}]*\\}" : "(\\{[^}]*\\})?";
		Matcher matcher = Pattern.compile("(?m)^" + name + labels + " (\\S+)$").matcher(scrape);
		return matcher.find() ? Double.parseDouble(matcher.group(matcher.groupCount())) : Double.NaN;
	}

}
