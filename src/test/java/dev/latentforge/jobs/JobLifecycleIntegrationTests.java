package dev.latentforge.jobs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.latentforge.images.Png;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Npz;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A dense autoencoder trained over HTTP on the built-in {@code shapes} data set, then
 * served: samples, reconstruct, encode, decode, export, events and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobLifecycleIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("lifecycle");

	static String jobId;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
	}

	@LocalServerPort
	int port;

	ServiceTestSupport.Api api() {
		return new ServiceTestSupport.Api(this.port);
	}

	static Map<String, Object> job(long steps) {
		return Map.of("name", "shapes-ae", "dataset", "shapes", "model",
				Map.of("type", "autoencoder", "layers", List.of(64, 16)), "training",
				Map.of("maxSteps", steps, "batchSize", 64, "checkpointEvery", 100, "seed", 7, "optimizer",
						Map.of("type", "adam", "learningRate", 0.01)));
	}

	@Test
	@Order(1)
	void trainsOnShapesToHalfTheMeanImageError() {
		ServiceTestSupport.Api api = api();
		HttpResponse<String> created = api.post("/api/v1/jobs", job(300));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		jobId = api.json(created).get("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + jobId);
		JsonNode spec = api.json(created).get("spec");
		assertThat(spec.get("model").get("activation").asString()).isEqualTo("relu");
		assertThat(spec.get("training").get("optimizer").get("betas").size()).isEqualTo(2);
		JsonNode done = api.awaitStatus(jobId, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("attempts").asInt()).isEqualTo(1);
		assertThat(done.get("progress").get("step").asLong()).isEqualTo(300);
		assertThat(done.get("device").get("actual").asString()).isEqualTo("cpu");
		List<String> history = new ArrayList<>();
		done.get("history").forEach((t) -> history.add(t.get("to").asString()));
		assertThat(history).containsExactly("QUEUED", "RUNNING", "SUCCEEDED");
		double ratio = done.get("latestMetrics").get("val_mse_ratio").asDouble();
		System.out.printf("held-out MSE after 300 steps: %.5f, %.4f of the mean-image baseline%n",
				done.get("latestMetrics").get("val_mse").asDouble(), ratio);
		assertThat(ratio).as("held-out MSE relative to predicting the mean image").isLessThanOrEqualTo(0.5);
		JsonNode checkpoints = api.json(api.get("/api/v1/jobs/" + jobId + "/checkpoints"));
		assertThat(checkpoints.size()).isEqualTo(3);
		assertThat(checkpoints.get(2).get("step").asLong()).isEqualTo(300);
		JsonNode metrics = api.json(api.get("/api/v1/jobs/" + jobId + "/metrics?every=100"));
		assertThat(metrics.get("series").toString()).contains("\"loss\"", "\"val_mse\"");
	}

	@Test
	@Order(2)
	void servesSamplesAndModelDescription() {
		ServiceTestSupport.Api api = api();
		HttpResponse<byte[]> samples = api.getBytes("/api/v1/jobs/" + jobId + "/samples", "image/png");
		assertThat(samples.statusCode()).isEqualTo(200);
		assertThat(Png.decode(samples.body()).channels()).isEqualTo(1);
		JsonNode model = api.json(api.get("/api/v1/models/" + jobId));
		assertThat(model.get("family").asString()).isEqualTo("autoencoder");
		assertThat(model.get("capabilities").toString()).contains("reconstruct", "encode", "decode", "export");
		assertThat(model.get("exportLayout").asString()).contains("{block}.{index}.weight [out, in]");
		JsonNode models = api.json(api.get("/api/v1/models"));
		assertThat(models.get("items").get(0).get("id").asString()).isEqualTo(jobId);
	}

	@Test
	@Order(3)
	void exportedWeightsReproduceTheServedReconstructionWithPlainJava() throws IOException {
		ServiceTestSupport.Api api = api();
		float[][] inputs = { square(6, 20, 1f), square(10, 14, 0.7f), square(3, 9, 0.9f) };
		List<Map<String, String>> images = new ArrayList<>();
		for (float[] input : inputs) {
			images.add(Map.of("png", Base64.getEncoder().encodeToString(Png.encode(input, 1, 28, 28))));
		}
		HttpResponse<byte[]> npy = api.postBytes("/api/v1/models/" + jobId + "/reconstruct", Map.of("images", images),
				Npy.MEDIA_TYPE);
		assertThat(npy.statusCode()).as(new String(npy.body())).isEqualTo(200);
		assertThat(npy.headers().firstValue("Latentforge-Checkpoint-Sha256")).isPresent();
		Tensor served = Npy.read(npy.body());
		assertThat(served.shape()).containsExactly(3, 1, 28, 28);
		HttpResponse<byte[]> export = api.getBytes("/api/v1/models/" + jobId + "/export?format=npz",
				"application/x-npz");
		assertThat(export.statusCode()).isEqualTo(200);
		Map<String, Tensor> weights = Npz.read(new ByteArrayInputStream(export.body()));
		float[] actual = served.toFloatArray();
		for (int n = 0; n < inputs.length; n++) {
			float[] pixels = Png.decode(Png.encode(inputs[n], 1, 28, 28)).toUnitFloats();
			float[] hidden = relu(dense(pixels, weights.get("encoder.0.weight"), weights.get("encoder.0.bias")));
			float[] code = dense(hidden, weights.get("encoder.2.weight"), weights.get("encoder.2.bias"));
			float[] back = relu(dense(code, weights.get("decoder.0.weight"), weights.get("decoder.0.bias")));
			float[] out = sigmoid(dense(back, weights.get("decoder.2.weight"), weights.get("decoder.2.bias")));
			for (int i = 0; i < out.length; i++) {
				assertThat(actual[n * 784 + i]).isCloseTo(out[i], within(1e-4f));
			}
		}
		HttpResponse<String> json = api.post("/api/v1/models/" + jobId + "/encode", Map.of("images", images));
		assertThat(json.statusCode()).isEqualTo(200);
		JsonNode codes = api.json(json).get("codes");
		assertThat(codes.size()).isEqualTo(3);
		assertThat(codes.get(0).size()).isEqualTo(16);
		HttpResponse<String> decoded = api.post("/api/v1/models/" + jobId + "/decode",
				Map.of("codes", List.of(codes.get(0), codes.get(1))));
		assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
		assertThat(api.json(decoded).get("images").size()).isEqualTo(2);
		assertThat(api.json(decoded).get("receipt").get("pytorchVersion").asString()).isEqualTo("2.7.1");
		HttpResponse<byte[]> safetensors = api.getBytes("/api/v1/models/" + jobId + "/export?format=safetensors",
				"application/vnd.safetensors");
		assertThat(safetensors.statusCode()).isEqualTo(200);
		assertThat(dev.latentforge.tensors.Safetensors.read(safetensors.body()).tensors().keySet())
			.isEqualTo(weights.keySet());
	}

	@Test
	@Order(4)
	void eventsReplayFromLastEventId() {
		ServiceTestSupport.Api api = api();
		List<long[]> all = new ArrayList<>();
		List<String> types = new ArrayList<>();
		readEvents(api, null, all, types);
		assertThat(types.get(0)).isEqualTo("status");
		assertThat(types).contains("progress", "metric", "checkpoint", "sample", "done");
		for (int i = 0; i < all.size(); i++) {
			assertThat(all.get(i)[0]).isEqualTo(i + 1);
		}
		List<long[]> tail = new ArrayList<>();
		readEvents(api, Long.toString(all.size() - 3), tail, new ArrayList<>());
		assertThat(tail).extracting((e) -> e[0])
			.containsExactly((long) all.size() - 2, (long) all.size() - 1, (long) all.size());
	}

	@Test
	@Order(5)
	void badModelInputsAreRefusedBeforeAnyNativeCall() {
		ServiceTestSupport.Api api = api();
		String reconstruct = "/api/v1/models/" + jobId + "/reconstruct";
		String wrongSize = Base64.getEncoder().encodeToString(Png.encode(new float[32 * 32], 1, 32, 32));
		String rgb = Base64.getEncoder().encodeToString(Png.encode(new float[3 * 28 * 28], 3, 28, 28));
		String corrupt = Base64.getEncoder().encodeToString("not a png at all".getBytes());
		String truncated = Base64.getEncoder()
			.encodeToString(java.util.Arrays.copyOf(Png.encode(square(1, 1, 1f), 1, 28, 28), 40));
		for (String image : List.of(wrongSize, rgb, corrupt, truncated)) {
			HttpResponse<String> response = api.post(reconstruct, Map.of("images", List.of(Map.of("png", image))));
			JobRequestProblemsIntegrationTests.assertProblem(response, 400, "invalid-image");
			assertThat(response.body()).contains("images[0]");
		}
		JobRequestProblemsIntegrationTests
			.assertProblem(api.post(reconstruct, Map.of("images", List.of(Map.of("png", "%%%")))), 400, "validation");
		JobRequestProblemsIntegrationTests.assertProblem(api.post(reconstruct, Map.of("images", List.of())), 400,
				"validation");
		JobRequestProblemsIntegrationTests.assertProblem(
				api.post("/api/v1/models/" + jobId + "/decode", Map.of("codes", List.of(List.of(1, 2, 3)))), 400,
				"validation");
		JobRequestProblemsIntegrationTests.assertProblem(
				api.post(reconstruct + "?checkpoint=no-such-checkpoint", Map.of("images", List.of())), 404,
				"not-found");
		HttpResponse<String> notAcceptable = api.send(HttpRequest.newBuilder(URI.create(api.base() + reconstruct))
			.header("Content-Type", "application/json")
			.header("Accept", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofString("{\"images\": []}"))
			.build());
		assertThat(notAcceptable.statusCode()).isEqualTo(406);
		JobRequestProblemsIntegrationTests.assertProblem(api.get("/api/v1/models/" + jobId + "/export?format=onnx"),
				400, "validation");
		JobRequestProblemsIntegrationTests.assertProblem(api.post("/api/v1/jobs/" + jobId + "/cancel", ""), 409,
				"illegal-transition");
		JobRequestProblemsIntegrationTests.assertProblem(api.post("/api/v1/jobs/" + jobId + "/resume", ""), 409,
				"illegal-transition");
	}

	@Test
	@Order(6)
	void aRowGetsTheSameNumbersAloneOrInABatch() {
		ServiceTestSupport.Api api = api();
		List<Map<String, String>> batch = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			batch.add(Map.of("png", Base64.getEncoder()
				.encodeToString(Png.encode(square(2 + 3 * i, 4 + 2 * i, 0.6f + 0.08f * i), 1, 28, 28))));
		}
		float[] together = Npy
			.read(api.postBytes("/api/v1/models/" + jobId + "/reconstruct", Map.of("images", batch), Npy.MEDIA_TYPE)
				.body())
			.toFloatArray();
		for (int i = 0; i < batch.size(); i++) {
			float[] alone = Npy
				.read(api.postBytes("/api/v1/models/" + jobId + "/reconstruct", Map.of("images", List.of(batch.get(i))),
						Npy.MEDIA_TYPE)
					.body())
				.toFloatArray();
			assertThat(alone).isEqualTo(java.util.Arrays.copyOfRange(together, i * 784, (i + 1) * 784));
		}
	}

	private void readEvents(ServiceTestSupport.Api api, String lastEventId, List<long[]> ids, List<String> types) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(api.base() + "/api/v1/jobs/" + jobId + "/events"))
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(30));
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		HttpResponse<String> response = api.send(request.build());
		assertThat(response.statusCode()).isEqualTo(200);
		for (String block : response.body().split("\n\n")) {
			String id = null;
			String event = null;
			for (String line : block.split("\n")) {
				if (line.startsWith("id:")) {
					id = line.substring(3).trim();
				}
				else if (line.startsWith("event:")) {
					event = line.substring(6).trim();
				}
			}
			if (id != null) {
				ids.add(new long[] { Long.parseLong(id) });
				types.add(event);
			}
		}
	}

	static float[] square(int top, int left, float value) {
		float[] image = new float[784];
		for (int y = top; y < top + 6; y++) {
			for (int x = left; x < left + 6; x++) {
				image[y * 28 + x] = value;
			}
		}
		return image;
	}

	static float[] dense(float[] x, Tensor weight, Tensor bias) {
		int out = weight.dim(0);
		int in = weight.dim(1);
		float[] w = weight.toFloatArray();
		float[] b = bias.toFloatArray();
		float[] y = new float[out];
		for (int o = 0; o < out; o++) {
			double sum = b[o];
			for (int i = 0; i < in; i++) {
				sum += (double) w[o * in + i] * x[i];
			}
			y[o] = (float) sum;
		}
		return y;
	}

	static float[] relu(float[] x) {
		float[] y = new float[x.length];
		for (int i = 0; i < x.length; i++) {
			y[i] = Math.max(0f, x[i]);
		}
		return y;
	}

	static float[] sigmoid(float[] x) {
		float[] y = new float[x.length];
		for (int i = 0; i < x.length; i++) {
			y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
		}
		return y;
	}

}
