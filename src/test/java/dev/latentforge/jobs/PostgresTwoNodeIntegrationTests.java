package dev.latentforge.jobs;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.latentforge.testing.Postgres;
import dev.latentforge.testing.ServiceProcess;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job lifecycle on PostgreSQL with two nodes sharing the database and the data
 * directory: this test's service trains; a second service process (API only, no worker
 * slots) serves the job's events and cancels and resumes it.
 */
@EnabledIf(value = "dev.latentforge.testing.Postgres#shouldRun",
		disabledReason = "no PostgreSQL (set LATENTFORGE_REQUIRE_POSTGRES to make this a failure)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresTwoNodeIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("postgres");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
		registry.add("spring.datasource.url", () -> Postgres.get().url());
		registry.add("spring.datasource.username", () -> Postgres.get().user());
		registry.add("spring.datasource.password", () -> Postgres.get().password());
	}

	@LocalServerPort
	int port;

	@Test
	void secondNodeServesEventsAndControlsTheJob() throws Exception {
		ServiceTestSupport.Api trainer = new ServiceTestSupport.Api(this.port);
		// the second node starts first: a 1,500-step job can finish while a JVM starts
		try (ServiceProcess other = ServiceProcess.start("api-node", dataDir,
				Map.of("spring.datasource.url", Postgres.get().url(), "spring.datasource.username",
						Postgres.get().user(), "spring.datasource.password", Postgres.get().password(),
						"latentforge.jobs.worker-slots", "0"))) {
			ServiceTestSupport.Api api = other.api();
			HttpResponse<String> created = trainer.post("/api/v1/jobs",
					Map.of("dataset", "shapes", "model", Map.of("type", "autoencoder", "layers", List.of(32, 8)),
							"training", Map.of("maxSteps", 1500, "batchSize", 32, "checkpointEvery", 200, "seed", 5)));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String id = trainer.json(created).get("id").asString();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> trainer.job(id).get("progress").get("step").asLong() > 20);
			assertThat(api.status(id)).isEqualTo("RUNNING");
			List<String> streamed = firstEvents(api, "/api/v1/jobs/" + id + "/events", 8);
			assertThat(streamed).anyMatch((line) -> line.startsWith("event:progress"));
			assertThat(streamed).anyMatch((line) -> line.startsWith("id:"));
			Instant asked = Instant.now();
			assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(202);
			api.awaitStatus(id, Duration.ofSeconds(10), "CANCELLED");
			System.out.printf("cancel through the other node took %d ms%n",
					Duration.between(asked, Instant.now()).toMillis());
			assertThat(api.post("/api/v1/jobs/" + id + "/resume", "").statusCode()).isEqualTo(202);
			JsonNode done = api.awaitStatus(id, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
			assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
			assertThat(done.get("attempts").asInt()).isEqualTo(2);
			List<String> statuses = new ArrayList<>();
			done.get("history").forEach((t) -> statuses.add(t.get("to").asString()));
			assertThat(statuses).containsExactly("QUEUED", "RUNNING", "CANCELLING", "CANCELLED", "QUEUED", "RUNNING",
					"SUCCEEDED");
			assertThat(api.json(api.get("/api/v1/models/" + id)).get("checkpoints").size()).isGreaterThan(0);
		}
	}

	/** Reads the first lines (events and comments) of a stream that is still open. */
	static List<String> firstEvents(ServiceTestSupport.Api api, String path, int count) {
		HttpResponse<Stream<String>> response = api.send(
				HttpRequest.newBuilder(URI.create(api.base() + path)).header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> lines = new ArrayList<>();
		try (Stream<String> body = response.body()) {
			Iterator<String> it = body.iterator();
			while (lines.size() < count * 3 && it.hasNext()) {
				String line = it.next();
				if (!line.isEmpty()) {
					lines.add(line);
				}
			}
		}
		return lines;
	}

}
