package dev.latentforge.models.rbm;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.latentforge.images.Png;
import dev.latentforge.tensors.Npz;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.ServiceIntegrationTest;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RBMs and DBNs over HTTP on the built-in bars-and-stripes: train a tiny RBM and a tiny
 * fine-tuned DBN, then transform, filters.png, export and classify; bad options get 400
 * with the field and the reason; another owner cannot see the models.
 */
class RbmApiIntegrationTests extends ServiceIntegrationTest {

	static Map<String, Object> job(Map<String, Object> model, long steps) {
		return Map.of("name", "bas", "dataset", "bars-and-stripes", "model", model, "training",
				Map.of("maxSteps", steps, "batchSize", 10, "checkpointEvery", steps / 2, "seed", 7, "optimizer",
						Map.of("type", "sgd", "learningRate", 0.1, "momentum", 0.9)));
	}

	String train(Map<String, Object> model, long steps) {
		ServiceTestSupport.Api api = api();
		HttpResponse<String> created = api.post("/api/v1/jobs", job(model, steps));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = api.json(created).get("id").asString();
		JsonNode done = api.awaitStatus(id, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		return id;
	}

	static List<Map<String, String>> images(int... masks) {
		return java.util.Arrays.stream(masks).mapToObj((mask) -> {
			float[] pixels = new float[16];
			for (int y = 0; y < 4; y++) {
				for (int x = 0; x < 4; x++) {
					pixels[y * 4 + x] = (mask >> x) & 1;
				}
			}
			return Map.of("png", Base64.getEncoder().encodeToString(Png.encode(pixels, 1, 4, 4)));
		}).toList();
	}

	@Test
	void trainsAnRbmAndServesFeaturesFiltersAndExport() throws Exception {
		ServiceTestSupport.Api api = api();
		String id = train(Map.of("type", "rbm", "hidden", 8, "k", 2), 200);
		JsonNode model = api.json(api.get("/api/v1/models/" + id));
		assertThat(model.get("family").asString()).isEqualTo("rbm");
		assertThat(model.get("capabilities").toString()).contains("sample", "inpaint", "transform", "filters", "export",
				"evaluate");
		assertThat(model.get("qualityMetric").get("name").asString()).isEqualTo("log_likelihood");
		JsonNode metrics = model.get("metrics");
		assertThat(metrics.get("log_likelihood").asDouble()).isBetween(-16 * Math.log(2), -Math.log(30));
		assertThat(metrics.has("pseudo_log_likelihood")).isTrue();
		assertThat(metrics.has("free_energy_gap")).isTrue();
		assertThat(model.get("spec").get("model").get("binarize").asString()).isEqualTo("stochastic");

		HttpResponse<String> features = api.post("/api/v1/models/" + id + "/transform",
				Map.of("images", images(0b0101, 0b1111, 0)));
		assertThat(features.statusCode()).as(features.body()).isEqualTo(200);
		JsonNode rows = api.json(features).get("features");
		assertThat(rows.size()).isEqualTo(3);
		assertThat(rows.get(0).size()).isEqualTo(8);
		rows.forEach((row) -> row.forEach((value) -> assertThat(value.asDouble()).isBetween(0.0, 1.0)));

		HttpResponse<byte[]> filters = api.getBytes("/api/v1/models/" + id + "/filters.png", "image/png");
		assertThat(filters.statusCode()).isEqualTo(200);
		assertThat(filters.headers().firstValue("Latentforge-Count")).hasValue("8");
		assertThat(Png.decode(filters.body()).channels()).isEqualTo(1);

		HttpResponse<byte[]> export = api.getBytes("/api/v1/models/" + id + "/export", "application/x-npz");
		assertThat(export.statusCode()).isEqualTo(200);
		Map<String, Tensor> weights = Npz.read(new ByteArrayInputStream(export.body()));
		assertThat(weights.get("layers.0.weight").shape()).containsExactly(16, 8);
		assertThat(weights).containsKeys("layers.0.visible_bias", "layers.0.hidden_bias");

		// Gibbs chains through the generic sample endpoint: binary 4x4 frames
		HttpResponse<byte[]> frames = api.postBytes("/api/v1/models/" + id + "/sample",
				Map.of("chains", 3, "steps", 20, "thin", 10, "seed", 5), "application/x-npy");
		assertThat(frames.statusCode()).as(new String(frames.body())).isEqualTo(200);
		Tensor sampled = dev.latentforge.tensors.Npy.read(frames.body());
		assertThat(sampled.shape()).containsExactly(2, 3, 1, 4, 4);
		for (float value : sampled.toFloatArray()) {
			assertThat(value == 0f || value == 1f).isTrue();
		}
		HttpResponse<byte[]> again = api.postBytes("/api/v1/models/" + id + "/sample",
				Map.of("chains", 3, "steps", 20, "thin", 10, "seed", 5), "application/x-npy");
		assertThat(again.body()).isEqualTo(frames.body());

		// an evaluation resource, run by a worker: the exact log-likelihood of the test
		// split
		HttpResponse<String> submitted = api.post("/api/v1/models/" + id + "/evaluations", Map.of("metrics",
				List.of("log-likelihood", "pseudo-log-likelihood", "reconstruction-error", "free-energy-gap")));
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
		String location = submitted.headers().firstValue("Location").orElseThrow();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> List.of("SUCCEEDED", "FAILED").contains(api.json(api.get(location)).get("status").asString()));
		JsonNode evaluation = api.json(api.get(location));
		assertThat(evaluation.get("status").asString()).as(evaluation.toString()).isEqualTo("SUCCEEDED");
		JsonNode ll = evaluation.get("results").get(0);
		assertThat(ll.get("metric").asString()).isEqualTo("log-likelihood");
		assertThat(ll.get("method").asString()).isEqualTo("exact");
		// the held-out set of the checkpoints is the same test split (bars-and-stripes is
		// binary)
		assertThat(ll.get("value").asDouble()).isCloseTo(metrics.get("log_likelihood").asDouble(),
				org.assertj.core.api.Assertions.within(1e-3));
		assertThat(evaluation.get("results").size()).isEqualTo(4);
		ServiceTestSupport.assertProblem(
				api.post("/api/v1/models/" + id + "/evaluations", Map.of("metrics", List.of("frechet-distance"))), 400,
				"validation");

		ServiceTestSupport.assertProblem(
				api.post("/api/v1/models/" + id + "/classify", Map.of("images", images(0b0101))), 400,
				"unsupported-operation");
		ServiceTestSupport.assertProblem(api.get("/api/v1/models/" + id + "/filters.png?limit=0"), 400, "validation");
		String stranger = api.createKey("someone-else", "trainer");
		ServiceTestSupport.assertProblem(
				api.withKey(stranger).post("/api/v1/models/" + id + "/transform", Map.of("images", images(0b0101))),
				404, "not-found");
	}

	@Test
	void trainsAFineTunedDbnLayerByLayerAndClassifies() {
		ServiceTestSupport.Api api = api();
		String id = train(Map.of("type", "dbn", "layers", List.of(16, 8), "fineTuneSteps", 600), 1000);
		JsonNode job = api.job(id);
		JsonNode model = api.json(api.get("/api/v1/models/" + id));
		assertThat(model.get("capabilities").toString()).contains("classify", "transform", "sample");
		assertThat(model.get("capabilities").toString()).doesNotContain("inpaint");
		double accuracy = model.get("metrics").get("test_accuracy").asDouble();
		System.out.printf("fine-tuned DBN 16-16-8 on bars-and-stripes: test accuracy %.3f%n", accuracy);
		assertThat(accuracy).isGreaterThan(0.9);
		JsonNode series = api.json(api.get("/api/v1/jobs/" + id + "/metrics"));
		assertThat(series.toString()).contains("cross_entropy", "\"layer\"");
		assertThat(job.get("progress").toString()).contains("fine-tuning");

		HttpResponse<String> classified = api.post("/api/v1/models/" + id + "/classify",
				Map.of("images", images(0b0101, 0b0011)));
		assertThat(classified.statusCode()).as(classified.body()).isEqualTo(200);
		JsonNode predictions = api.json(classified).get("predictions");
		assertThat(predictions.get(0).get("class").asString()).isEqualTo("bars");
		assertThat(predictions.get(1).get("probabilities").size()).isEqualTo(2);
		HttpResponse<String> features = api.post("/api/v1/models/" + id + "/transform",
				Map.of("images", images(0b0101)));
		assertThat(api.json(features).get("features").get(0).size()).isEqualTo(8);
		// generation: Gibbs in the top RBM and a down pass
		HttpResponse<byte[]> frames = api.postBytes("/api/v1/models/" + id + "/sample",
				Map.of("chains", 2, "steps", 10, "seed", 5, "returnMeans", true), "application/x-npy");
		assertThat(frames.statusCode()).as(new String(frames.body())).isEqualTo(200);
		assertThat(dev.latentforge.tensors.Npy.read(frames.body()).shape()).containsExactly(10, 2, 1, 4, 4);
	}

	@Test
	void badOptionsAreRefusedWithTheFieldAndTheReason() {
		ServiceTestSupport.Api api = api();
		Object[][] cases = {
				{ Map.of("type", "rbm", "visible", "gaussian", "binarize", "stochastic"), "model.binarize",
						"Gaussian visible units take real values" },
				{ Map.of("type", "rbm", "k", 0), "model.k", null },
				{ Map.of("type", "rbm", "hidden", 0), "model.hidden", null },
				{ Map.of("type", "rbm", "sampler", "gibbs"), null, null },
				{ Map.of("type", "dbn", "layers", List.of(8, 4), "fineTuneSteps", 100), "model.fineTuneSteps",
						"leave at least one step" },
				{ Map.of("type", "rbm", "exactLimit", 40), "model.exactLimit", null } };
		for (Object[] bad : cases) {
			@SuppressWarnings("unchecked")
			HttpResponse<String> response = api.post("/api/v1/jobs", job((Map<String, Object>) bad[0], 100));
			assertThat(response.statusCode()).as(bad[0] + ": " + response.body()).isEqualTo(400);
			if (bad[1] != null) {
				assertThat(response.body()).as(bad[0].toString()).contains("\"field\":\"" + bad[1]);
			}
			if (bad[2] != null) {
				assertThat(response.body()).contains((String) bad[2]);
			}
		}
		HttpResponse<String> points = api.post("/api/v1/jobs",
				Map.of("dataset", "ring-8", "model", Map.of("type", "rbm"), "training", Map.of("maxSteps", 10)));
		assertThat(points.statusCode()).isEqualTo(400);
		assertThat(points.body()).contains("model.visible", "gaussian");
	}

}
