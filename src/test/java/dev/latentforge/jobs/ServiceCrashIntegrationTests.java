package dev.latentforge.jobs;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latentforge.tensors.Npz;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.ServiceProcess;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service is killed with {@code kill -9} during a job and started again on the same
 * database and data directory: the job is revived from its last checkpoint and ends with
 * exactly the parameters of an uninterrupted run with the same seed and thread count. A
 * graceful stop makes the running job checkpoint and go back to the queue.
 */
class ServiceCrashIntegrationTests {

	static Map<String, Object> job(String name) {
		return Map.of("name", name, "dataset", "shapes", "model",
				Map.of("type", "autoencoder", "layers", List.of(48, 12)), "training",
				Map.of("maxSteps", 500, "batchSize", 32, "checkpointEvery", 100, "seed", 21));
	}

	@Test
	void killedServiceResumesItsJobExactly() throws Exception {
		Path dataDir = ServiceTestSupport.newDataDir("crash");
		String crashed;
		String reference;
		try (ServiceProcess first = ServiceProcess.start("first", dataDir, Map.of())) {
			ServiceTestSupport.Api api = first.api();
			crashed = submit(api, job("crashed"));
			reference = submit(api, job("reference"));
			await().atMost(Duration.ofMinutes(2))
				.until(() -> api.job(crashed).get("progress").get("step").asLong() > 150
						&& api.json(api.get("/api/v1/jobs/" + crashed + "/checkpoints")).size() > 0);
			first.kill();
		}
		try (ServiceProcess second = ServiceProcess.start("second", dataDir, Map.of())) {
			ServiceTestSupport.Api api = second.api();
			JsonNode done = api.awaitStatus(crashed, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
			assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
			assertThat(done.get("attempts").asInt()).isEqualTo(2);
			List<String> statuses = new ArrayList<>();
			done.get("history").forEach((t) -> statuses.add(t.get("to").asString()));
			assertThat(statuses).containsExactly("QUEUED", "RUNNING", "QUEUED", "RUNNING", "SUCCEEDED");
			assertThat(done.get("history").get(2).get("reason").asString()).contains("stopped heart-beating");
			assertThat(done.get("progress").get("step").asLong()).isEqualTo(500);
			long resumedFrom = firstProgressOfAttempt(api, crashed, 2);
			assertThat(resumedFrom).isGreaterThanOrEqualTo(100).isLessThan(500);
			JsonNode other = api.awaitStatus(reference, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
			assertThat(other.get("status").asString()).isEqualTo("SUCCEEDED");
			Map<String, Tensor> resumed = export(api, crashed);
			Map<String, Tensor> uninterrupted = export(api, reference);
			assertThat(resumed.keySet()).isEqualTo(uninterrupted.keySet());
			uninterrupted.forEach(
					(name, tensor) -> assertThat(resumed.get(name))
						.as("%s: max |difference| %s, resumed from step %d", name,
								maxDifference(tensor, resumed.get(name)), resumedFrom)
						.isEqualTo(tensor));
		}
	}

	@Test
	void gracefulStopCheckpointsTheRunningJobAndRequeuesIt() throws Exception {
		Path dataDir = ServiceTestSupport.newDataDir("graceful");
		String id;
		long stoppedAt;
		try (ServiceProcess first = ServiceProcess.start("first", dataDir, Map.of())) {
			ServiceTestSupport.Api api = first.api();
			id = submit(api,
					Map.of("dataset", "shapes", "model", Map.of("type", "autoencoder", "layers", List.of(48, 12)),
							"training",
							Map.of("maxSteps", 30_000, "batchSize", 32, "checkpointEvery", 10_000, "seed", 3)));
			await().atMost(Duration.ofMinutes(2)).until(() -> api.job(id).get("progress").get("step").asLong() > 50);
			assertThat(first.stop(Duration.ofSeconds(90))).isIn(0, 143);
		}
		try (ServiceProcess second = ServiceProcess.start("second", dataDir,
				Map.of("latentforge.jobs.worker-slots", "0"))) {
			ServiceTestSupport.Api api = second.api();
			JsonNode job = api.job(id);
			assertThat(job.get("status").asString()).isEqualTo("QUEUED");
			assertThat(job.get("history").get(2).get("reason").asString()).contains("shut down");
			JsonNode checkpoints = api.json(api.get("/api/v1/jobs/" + id + "/checkpoints"));
			stoppedAt = checkpoints.get(checkpoints.size() - 1).get("step").asLong();
			// between the first step the test saw and the first periodic checkpoint: the
			// stop's own checkpoint
			assertThat(stoppedAt).isGreaterThan(50).isLessThan(10_000);
			assertThat(job.get("progress").get("step").asLong()).isEqualTo(stoppedAt);
		}
	}

	static String submit(ServiceTestSupport.Api api, Map<String, Object> job) {
		HttpResponse<String> created = api.post("/api/v1/jobs", job);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return api.json(created).get("id").asString();
	}

	static long firstProgressOfAttempt(ServiceTestSupport.Api api, String id, int attempt) {
		String body = api.get("/api/v1/jobs/" + id + "/events").body();
		for (String block : body.split("\n\n")) {
			if (block.contains("event:progress") && block.contains("\"attempt\":" + attempt)) {
				String data = block.substring(block.indexOf("data:") + 5).trim();
				return ServiceTestSupport.JSON.readTree(data).get("step").asLong();
			}
		}
		throw new AssertionError("no progress event of attempt " + attempt);
	}

	static double maxDifference(Tensor a, Tensor b) {
		float[] x = a.toFloatArray();
		float[] y = b.toFloatArray();
		double max = 0;
		for (int i = 0; i < x.length; i++) {
			max = Math.max(max, Math.abs(x[i] - y[i]));
		}
		return max;
	}

	static Map<String, Tensor> export(ServiceTestSupport.Api api, String id) throws Exception {
		HttpResponse<byte[]> response = api.getBytes("/api/v1/models/" + id + "/export?checkpoint=latest",
				"application/x-npz");
		assertThat(response.statusCode()).isEqualTo(200);
		return Npz.read(new ByteArrayInputStream(response.body()));
	}

}
