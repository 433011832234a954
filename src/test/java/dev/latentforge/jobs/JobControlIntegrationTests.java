package dev.latentforge.jobs;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latentforge.testing.ServiceTestSupport;
import dev.latentforge.testing.Workers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Controlling running jobs on a node with one worker slot: cancel and resume, a worker
 * killed with {@code kill -9} is retried from its checkpoint, a NaN loss fails once
 * without retry, and two jobs run one after the other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobControlIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("control");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
	}

	@LocalServerPort
	int port;

	static Map<String, Object> job(long steps, int checkpointEvery) {
		return Map.of("dataset", "shapes", "model", Map.of("type", "autoencoder", "layers", List.of(32, 8)), "training",
				Map.of("maxSteps", steps, "batchSize", 32, "checkpointEvery", checkpointEvery, "seed", 11));
	}

	String submit(ServiceTestSupport.Api api, Map<String, Object> job) {
		HttpResponse<String> created = api.post("/api/v1/jobs", job);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return api.json(created).get("id").asString();
	}

	@Test
	void cancelStopsWithinTenSecondsAndResumeFinishes() {
		ServiceTestSupport.Api api = new ServiceTestSupport.Api(this.port);
		String id = submit(api, job(1500, 100));
		await().atMost(Duration.ofMinutes(1)).until(() -> api.job(id).get("progress").get("step").asLong() >= 150);
		Instant asked = Instant.now();
		HttpResponse<String> cancel = api.post("/api/v1/jobs/" + id + "/cancel", "");
		assertThat(cancel.statusCode()).isEqualTo(202);
		assertThat(api.json(cancel).get("status").asString()).isIn("CANCELLING", "CANCELLED");
		JsonNode cancelled = api.awaitStatus(id, Duration.ofSeconds(10), "CANCELLED");
		long stoppedAt = cancelled.get("progress").get("step").asLong();
		System.out.printf("cancel took %d ms, stopped at step %d%n", Duration.between(asked, Instant.now()).toMillis(),
				stoppedAt);
		JsonNode checkpoints = api.json(api.get("/api/v1/jobs/" + id + "/checkpoints"));
		assertThat(checkpoints.get(checkpoints.size() - 1).get("step").asLong()).isEqualTo(stoppedAt);
		assertThat(Workers.of(id)).isEmpty();
		assertThat(api.post("/api/v1/jobs/" + id + "/cancel", "").statusCode()).isEqualTo(409);
		HttpResponse<String> resumed = api.post("/api/v1/jobs/" + id + "/resume", "");
		assertThat(resumed.statusCode()).isEqualTo(202);
		JsonNode done = api.awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("attempts").asInt()).isEqualTo(2);
		assertThat(statuses(done)).containsExactly("QUEUED", "RUNNING", "CANCELLING", "CANCELLED", "QUEUED", "RUNNING",
				"SUCCEEDED");
		assertThat(api.json(api.get("/api/v1/jobs/" + id + "/metrics")).toString()).contains("loss");
	}

	@Test
	void killedWorkerIsRetriedFromItsCheckpoint() {
		ServiceTestSupport.Api api = new ServiceTestSupport.Api(this.port);
		String id = submit(api, job(800, 100));
		await().atMost(Duration.ofMinutes(1))
			.until(() -> api.json(api.get("/api/v1/jobs/" + id + "/checkpoints")).size() >= 1
					&& !Workers.of(id).isEmpty());
		List<ProcessHandle> workers = Workers.of(id);
		workers.forEach(ProcessHandle::destroyForcibly);
		JsonNode done = api.awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("attempts").asInt()).isEqualTo(2);
		assertThat(statuses(done)).containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
		String reason = done.get("history").get(2).get("reason").asString();
		assertThat(reason).contains("exit 137").contains("retry 2 of 3");
		String logs = api.get("/api/v1/jobs/" + id + "/logs").body();
		assertThat(logs).contains("=== attempt 1 ===", "=== attempt 2 ===");
	}

	@Test
	void nonFiniteLossFailsOnceWithoutRetry() {
		ServiceTestSupport.Api api = new ServiceTestSupport.Api(this.port);
		String id = submit(api, Map.of("dataset", "shapes", "model",
				Map.of("type", "autoencoder", "layers", List.of(32, 8), "activation", "linear", "outputActivation",
						"linear", "loss", "mse"),
				"training",
				Map.of("maxSteps", 500, "batchSize", 32, "optimizer", Map.of("type", "sgd", "learningRate", 10.0))));
		JsonNode failed = api.awaitStatus(id, Duration.ofMinutes(1), "FAILED", "SUCCEEDED");
		assertThat(failed.get("status").asString()).isEqualTo("FAILED");
		assertThat(failed.get("attempts").asInt()).isEqualTo(1);
		assertThat(failed.get("failureReason").asString()).contains("non-finite loss");
		assertThat(statuses(failed)).containsExactly("QUEUED", "RUNNING", "FAILED");
	}

	@Test
	void twoJobsWithOneSlotRunOneAfterTheOther() {
		ServiceTestSupport.Api api = new ServiceTestSupport.Api(this.port);
		String first = submit(api, job(200, 100));
		String second = submit(api, job(200, 100));
		await().atMost(Duration.ofMinutes(1))
			.until(() -> api.status(first).equals("RUNNING") || api.status(second).equals("RUNNING"));
		assertThat(List.of(api.status(first), api.status(second))).containsExactlyInAnyOrder("RUNNING", "QUEUED");
		String queued = api.status(first).equals("QUEUED") ? first : second;
		List<String> stream = PostgresTwoNodeIntegrationTests.firstEvents(api, "/api/v1/jobs/" + queued + "/events", 2);
		assertThat(stream).as("a silent stream carries heartbeat comments").contains(":heartbeat");
		JsonNode a = api.awaitStatus(first, Duration.ofMinutes(2), "SUCCEEDED");
		JsonNode b = api.awaitStatus(second, Duration.ofMinutes(2), "SUCCEEDED");
		JsonNode earlier = Instant.parse(a.get("startedAt").asString())
			.isBefore(Instant.parse(b.get("startedAt").asString())) ? a : b;
		JsonNode later = earlier == a ? b : a;
		assertThat(Instant.parse(later.get("startedAt").asString()))
			.isAfterOrEqualTo(Instant.parse(earlier.get("finishedAt").asString()));
	}

	@Test
	void aJobOutOfWallTimeFailsWithACheckpointAndResumeGivesItANewBudget() {
		ServiceTestSupport.Api api = new ServiceTestSupport.Api(this.port);
		String id = submit(api, Map.of("dataset", "shapes", "model",
				Map.of("type", "autoencoder", "layers", List.of(32, 8)), "training",
				Map.of("maxSteps", 200_000, "batchSize", 32, "checkpointEvery", 100_000, "maxWallTime", "PT8S")));
		JsonNode failed = api.awaitStatus(id, Duration.ofMinutes(1), "FAILED");
		assertThat(failed.get("failureReason").asString()).contains("maxWallTime PT8S exceeded");
		assertThat(failed.get("attempts").asInt()).isEqualTo(1);
		long stoppedAt = failed.get("progress").get("step").asLong();
		JsonNode checkpoints = api.json(api.get("/api/v1/jobs/" + id + "/checkpoints"));
		assertThat(checkpoints.get(checkpoints.size() - 1).get("step").asLong()).isEqualTo(stoppedAt);
		assertThat(api.post("/api/v1/jobs/" + id + "/resume", "").statusCode()).isEqualTo(202);
		await().atMost(Duration.ofMinutes(1)).until(() -> api.job(id).get("progress").get("step").asLong() > stoppedAt);
		JsonNode again = api.awaitStatus(id, Duration.ofMinutes(1), "FAILED");
		assertThat(again.get("attempts").asInt()).isEqualTo(2);
		assertThat(again.get("failureReason").asString()).contains("maxWallTime PT8S exceeded");
	}

	static List<String> statuses(JsonNode job) {
		List<String> out = new ArrayList<>();
		job.get("history").forEach((t) -> out.add(t.get("to").asString()));
		return out;
	}

}
