package dev.latentforge.generation;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.images.Image;
import dev.latentforge.images.Png;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.ServiceTestSupport;
import dev.latentforge.testing.generators.GeneratorModels;
import dev.latentforge.testing.generators.GeneratorServiceTest;
import dev.latentforge.testing.generators.GeneratorTestConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.latentforge.testing.ServiceTestSupport.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Generation over HTTP with the test-only linear generator (a real model whose weights a
 * test writes): seeded generation is deterministic, replay returns identical bytes (also
 * under concurrency), truncation is respected, prompts are read against the model's
 * vocabulary, recorded generations pin their checkpoints, interpolation and arithmetic
 * strips, points. Jobs stay queued (no worker slots): checkpoints are written by the
 * test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerationIntegrationTests extends GeneratorServiceTest {

	@Autowired
	GeneratorModels models;

	@Autowired
	CheckpointService checkpoints;

	@Autowired
	GenerationPins generationPins;

	String conditional;

	String points;

	@BeforeAll
	void models() throws Exception {
		this.conditional = submit("shapes", Map.of("type", "linear-generator", "latentSize", 6, "conditional", true));
		this.models.checkpoint(this.conditional, 10, 1);
		this.points = submit("ring-8", Map.of("type", "linear-generator", "latentSize", 3));
		this.models.checkpoint(this.points, 10, 2);
	}

	HttpResponse<byte[]> generate(String model, Map<String, Object> body, String accept) {
		return api().postBytes("/api/v1/models/" + model + "/generate", body, accept);
	}

	@Test
	void seededGenerationIsDeterministicAndRecorded() {
		Map<String, Object> body = Map.of("count", 6, "seed", 42, "condition", Map.of("label", "circle"));
		HttpResponse<byte[]> first = generate(this.conditional, body, Npy.MEDIA_TYPE);
		HttpResponse<byte[]> second = generate(this.conditional, body, Npy.MEDIA_TYPE);
		assertThat(first.statusCode()).as(new String(first.body())).isEqualTo(200);
		assertThat(first.body()).isEqualTo(second.body());
		Tensor images = Npy.read(first.body());
		assertThat(images.shape()).containsExactly(6, 1, 28, 28);
		for (float value : images.toFloatArray()) {
			assertThat(value).isBetween(0f, 1f);
		}
		// rows depend only on (seed, row): the first 3 of 6 are a request for 3
		Tensor three = Npy.read(generate(this.conditional,
				Map.of("count", 3, "seed", 42, "condition", Map.of("label", "circle")), Npy.MEDIA_TYPE)
			.body());
		assertThat(three.toFloatArray()).isEqualTo(Arrays.copyOf(images.toFloatArray(), 3 * 28 * 28));
		// another seed, another condition: other images
		assertThat(generate(this.conditional, Map.of("count", 6, "seed", 43, "condition", Map.of("label", "circle")),
				Npy.MEDIA_TYPE)
			.body()).isNotEqualTo(first.body());
		assertThat(generate(this.conditional, Map.of("count", 6, "seed", 42, "condition", Map.of("label", "square")),
				Npy.MEDIA_TYPE)
			.body()).isNotEqualTo(first.body());
		String generationId = first.headers().firstValue("Latentforge-Generation-Id").orElseThrow();
		assertThat(first.headers().firstValue("Location")).hasValue("/api/v1/generations/" + generationId);
		assertThat(first.headers().firstValue("Latentforge-Seed")).hasValue("42");
		JsonNode record = api().json(api().get("/api/v1/generations/" + generationId));
		assertThat(record.get("modelId").asString()).isEqualTo(this.conditional);
		assertThat(record.get("seed").asLong()).isEqualTo(42);
		assertThat(record.get("count").asInt()).isEqualTo(6);
		assertThat(record.get("condition").get("label").asString()).isEqualTo("circle");
		assertThat(record.get("checkpointId").asString()).isNotBlank();
		JsonNode list = api().json(api().get("/api/v1/generations?modelId=" + this.conditional));
		assertThat(list.get("items").size()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void replayReturnsIdenticalPngAndNpyBytesAlsoUnderConcurrency() throws Exception {
		// 10 images in batches of 4 (the last padded), from a prompt's text
		HttpResponse<String> json = api().post("/api/v1/models/" + this.conditional + "/generate",
				Map.of("count", 10, "seed", 7, "prompt", "a large bright circle"));
		assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
		JsonNode body = api().json(json);
		String id = body.get("generationId").asString();
		assertThat(body.get("images").size()).isEqualTo(10);
		assertThat(body.get("generation").get("condition").get("attributes").get("size").asString()).isEqualTo("high");
		String path = "/api/v1/generations/" + id + "/replay";
		JsonNode replayed = api().json(api().post(path, Map.of()));
		for (int i = 0; i < 10; i++) {
			assertThat(replayed.get("images").get(i).get("png").asString())
				.isEqualTo(body.get("images").get(i).get("png").asString());
		}
		byte[] npy = api().postBytes(path, Map.of(), Npy.MEDIA_TYPE).body();
		byte[] png = api().postBytes(path, Map.of(), "image/png").body();
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<byte[]>> futures = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				String accept = i % 2 == 0 ? Npy.MEDIA_TYPE : "image/png";
				futures.add(pool.submit(() -> api().postBytes(path, Map.of(), accept).body()));
				// other requests with other rows run meanwhile
				futures.add(pool
					.submit(() -> generate(this.conditional, Map.of("count", 3, "seed", 99), Npy.MEDIA_TYPE).body()));
			}
			for (int i = 0; i < futures.size(); i += 2) {
				assertThat(futures.get(i).get()).isEqualTo(i % 4 == 0 ? npy : png);
			}
		}
		finally {
			pool.shutdownNow();
		}
		// the npy holds the very values of the 8-bit PNGs (rounded)
		Tensor values = Npy.read(npy);
		Image first = Png.decode(Base64.getDecoder().decode(body.get("images").get(0).get("png").asString()));
		float[] pixels = values.toFloatArray();
		for (int i = 0; i < 28 * 28; i++) {
			assertThat(first.samples()[i]).isEqualTo(Png.toByte(pixels[i]));
		}
	}

	@Test
	void truncationRedrawsLargeComponents() {
		HttpResponse<String> response = api().post("/api/v1/models/" + this.conditional + "/interpolate",
				Map.of("seeds", List.of(1, 2), "frames", 2, "truncation", 0.5, "method", "lerp"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode latents = api().json(response).get("latents");
		for (JsonNode row : latents) {
			for (JsonNode value : row) {
				assertThat(Math.abs(value.asDouble())).isLessThanOrEqualTo(0.5);
			}
		}
		assertThat(api().json(response).get("images").size()).isEqualTo(2);
		// truncated and untruncated generations differ; out-of-range truncation is
		// refused
		byte[] plain = generate(this.conditional, Map.of("count", 2, "seed", 5), Npy.MEDIA_TYPE).body();
		byte[] truncated = generate(this.conditional, Map.of("count", 2, "seed", 5, "truncation", 0.3), Npy.MEDIA_TYPE)
			.body();
		assertThat(truncated).isNotEqualTo(plain);
		assertProblem(
				api().post("/api/v1/models/" + this.conditional + "/generate", Map.of("count", 2, "truncation", 0)),
				400, "validation");
	}

	@Test
	void promptsAreReadAgainstTheVocabularyAndOwnerScoped() {
		HttpResponse<String> created = api().post("/api/v1/prompts",
				Map.of("modelId", this.conditional, "name", "big bright circles", "text", "A large, bright circle"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode prompt = api().json(created);
		assertThat(prompt.get("condition").get("label").asString()).isEqualTo("circle");
		assertThat(prompt.get("condition").get("attributes").get("size").asString()).isEqualTo("high");
		assertThat(prompt.get("condition").get("attributes").get("brightness").asString()).isEqualTo("high");
		String id = prompt.get("id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/prompts/" + id);
		assertThat(api().json(api().get("/api/v1/prompts/" + id)).get("name").asString())
			.isEqualTo("big bright circles");
		assertThat(api().json(api().get("/api/v1/prompts?size=100")).get("items").size()).isGreaterThanOrEqualTo(1);
		// generation from the saved prompt equals generation from its condition
		byte[] fromPrompt = generate(this.conditional, Map.of("count", 3, "seed", 11, "promptId", id), Npy.MEDIA_TYPE)
			.body();
		byte[] fromCondition = generate(this.conditional,
				Map.of("count", 3, "seed", 11, "condition",
						Map.of("label", "circle", "attributes", Map.of("size", "high", "brightness", "high"))),
				Npy.MEDIA_TYPE)
			.body();
		assertThat(fromPrompt).isEqualTo(fromCondition);
		// an unknown class: 400 listing what the model knows
		HttpResponse<String> unknown = api().post("/api/v1/prompts",
				Map.of("modelId", this.conditional, "name", "boots", "text", "ankle boot"));
		assertProblem(unknown, 400, "validation");
		JsonNode problem = api().json(unknown);
		assertThat(problem.get("detail").asString()).contains("ankle", "circle");
		assertThat(problem.get("labels").size()).isEqualTo(6);
		assertThat(problem.get("attributes").has("size")).isTrue();
		assertProblem(
				api().post("/api/v1/prompts",
						Map.of("modelId", this.conditional, "name", "two", "text", "a circle or a square")),
				400, "validation");
		assertProblem(
				api().post("/api/v1/prompts",
						Map.of("modelId", this.conditional, "name", "x", "condition", Map.of("label", "hexagon"))),
				400, "validation");
		assertProblem(api().post("/api/v1/models/" + this.conditional + "/generate",
				Map.of("count", 1, "prompt", "ankle boot")), 400, "validation");
		assertProblem(api().post("/api/v1/models/" + this.conditional + "/generate",
				Map.of("count", 1, "prompt", "circle", "promptId", id)), 400, "validation");
		// another owner sees neither the prompt nor the generations
		ServiceTestSupport.Api other = api().withKey(api().createKey("someone-else", "trainer"));
		assertProblem(other.get("/api/v1/prompts/" + id), 404, "not-found");
		assertProblem(other.delete("/api/v1/prompts/" + id), 404, "not-found");
		assertThat(other.json(other.get("/api/v1/prompts")).get("items").size()).isZero();
		assertProblem(
				other.post("/api/v1/models/" + this.conditional + "/generate", Map.of("count", 1, "promptId", id)), 404,
				"not-found");
		String generation = api()
			.json(api().post("/api/v1/models/" + this.conditional + "/generate", Map.of("count", 1, "seed", 1)))
			.get("generationId")
			.asString();
		assertProblem(other.get("/api/v1/generations/" + generation), 404, "not-found");
		assertProblem(other.post("/api/v1/generations/" + generation + "/replay", Map.of()), 404, "not-found");
		assertThat(api().delete("/api/v1/prompts/" + id).statusCode()).isEqualTo(204);
		assertProblem(api().get("/api/v1/prompts/" + id), 404, "not-found");
	}

	@Test
	void interpolationEndsAreTheSeedsImagesAndArithmeticIsAMinusBPlusC() {
		HttpResponse<byte[]> strip = api().postBytes("/api/v1/models/" + this.conditional + "/interpolate",
				Map.of("seeds", List.of(3, 4), "frames", 5, "method", "slerp"), Npy.MEDIA_TYPE);
		assertThat(strip.statusCode()).isEqualTo(200);
		float[] frames = Npy.read(strip.body()).toFloatArray();
		float[] a = Npy.read(generate(this.conditional, Map.of("count", 1, "seed", 3), Npy.MEDIA_TYPE).body())
			.toFloatArray();
		float[] b = Npy.read(generate(this.conditional, Map.of("count", 1, "seed", 4), Npy.MEDIA_TYPE).body())
			.toFloatArray();
		int size = 28 * 28;
		assertThat(Arrays.copyOf(frames, size)).isEqualTo(a);
		assertThat(Arrays.copyOfRange(frames, 4 * size, 5 * size)).isEqualTo(b);
		byte[] png = api()
			.postBytes("/api/v1/models/" + this.conditional + "/interpolate",
					Map.of("seeds", List.of(3, 4), "frames", 5), "image/png")
			.body();
		Image image = Png.decode(png);
		assertThat(image.width()).isGreaterThan(4 * image.height());
		HttpResponse<String> arithmetic = api().post("/api/v1/models/" + this.conditional + "/arithmetic",
				Map.of("a", List.of(1, 2, 3), "b", List.of(4, 5, 6), "c", List.of(7, 8, 9)));
		assertThat(arithmetic.statusCode()).as(arithmetic.body()).isEqualTo(200);
		JsonNode latents = api().json(arithmetic).get("latents");
		assertThat(latents.size()).isEqualTo(4);
		for (int k = 0; k < 6; k++) {
			double expected = latents.get(0).get(k).asDouble() - latents.get(1).get(k).asDouble()
					+ latents.get(2).get(k).asDouble();
			assertThat(latents.get(3).get(k).asDouble()).isCloseTo(expected,
					org.assertj.core.api.Assertions.within(1e-5));
		}
		float[] mean = Latents.mean(List.of(1L, 2L, 3L), 6, null);
		assertThat(latents.get(0).get(0).asDouble()).isCloseTo(mean[0], org.assertj.core.api.Assertions.within(1e-6));
		assertProblem(api().post("/api/v1/models/" + this.conditional + "/arithmetic",
				Map.of("a", List.of(1), "b", List.of())), 400, "validation");
		assertProblem(api().post("/api/v1/models/" + this.conditional + "/interpolate",
				Map.of("seeds", List.of(1, 2), "method", "cubic")), 400, "validation");
		assertProblem(api().post("/api/v1/models/" + this.conditional + "/interpolate",
				Map.of("latents", List.of(List.of(1, 2), List.of(3, 4)))), 400, "validation");
	}

	@Test
	void interpolationsAndArithmeticAreRecordedAndReplayedBitForBit() throws Exception {
		String model = submit("shapes", Map.of("type", "linear-generator", "latentSize", 5, "conditional", true));
		this.models.checkpoint(model, 10, 3);
		String interpolate = "/api/v1/models/" + model + "/interpolate";
		// by seeds, with a condition and truncation: npy, then the record, then replays
		Map<String, Object> bySeeds = Map.of("seeds", List.of(3, 4), "frames", 5, "truncation", 1.5, "condition",
				Map.of("label", "square"));
		HttpResponse<byte[]> strip = api().postBytes(interpolate, bySeeds, Npy.MEDIA_TYPE);
		assertThat(strip.statusCode()).as(new String(strip.body())).isEqualTo(200);
		String id = strip.headers().firstValue("Latentforge-Generation-Id").orElseThrow();
		assertThat(strip.headers().firstValue("Location")).hasValue("/api/v1/generations/" + id);
		JsonNode record = api().json(api().get("/api/v1/generations/" + id));
		assertThat(record.get("kind").asString()).isEqualTo("interpolate");
		assertThat(record.get("seed").isNull()).isTrue();
		assertThat(record.get("count").asInt()).isEqualTo(5);
		assertThat(record.get("truncation").asDouble()).isEqualTo(1.5);
		assertThat(record.get("condition").get("label").asString()).isEqualTo("square");
		assertThat(record.get("walk").get("method").asString()).isEqualTo("slerp");
		assertThat(record.get("walk").get("frames").asInt()).isEqualTo(5);
		assertThat(record.get("walk").get("seeds").get(0).asLong()).isEqualTo(3);
		assertThat(record.get("walk").get("seeds").get(1).asLong()).isEqualTo(4);
		assertThat(record.get("walk").has("latents")).isFalse();
		String replay = "/api/v1/generations/" + id + "/replay";
		assertThat(api().postBytes(replay, Map.of(), Npy.MEDIA_TYPE).body()).isEqualTo(strip.body());
		byte[] png = api().postBytes(interpolate, bySeeds, "image/png").body();
		byte[] replayedPng = api().postBytes(replay, Map.of(), "image/png").body();
		assertThat(replayedPng).isEqualTo(png);
		Image image = Png.decode(replayedPng);
		assertThat(image.width()).as("a strip: one row of 5 frames").isGreaterThan(4 * image.height());
		// by latent vectors: the record keeps them exactly, and the replay's JSON shows
		// them
		List<List<Double>> ends = List.of(List.of(0.1, -0.2, 0.3, 0.4, -0.5), List.of(1.25, 0.0, -1.0, 0.5, 2.0));
		HttpResponse<String> byLatents = api().post(interpolate,
				Map.of("latents", ends, "frames", 3, "method", "lerp"));
		assertThat(byLatents.statusCode()).as(byLatents.body()).isEqualTo(200);
		JsonNode answered = api().json(byLatents);
		String latentsId = answered.get("generationId").asString();
		assertThat(answered.get("generation").get("walk").get("latents").get(1).get(4).asDouble()).isEqualTo(2.0);
		JsonNode replayed = api().json(api().post("/api/v1/generations/" + latentsId + "/replay", Map.of()));
		assertThat(replayed.get("method").asString()).isEqualTo("lerp");
		assertThat(replayed.get("latents")).isEqualTo(answered.get("latents"));
		assertThat(replayed.get("latents").get(1).get(0).asDouble()).isCloseTo(0.675,
				org.assertj.core.api.Assertions.within(1e-6));
		assertThat(replayed.get("images")).isEqualTo(answered.get("images"));
		// arithmetic
		HttpResponse<String> arithmetic = api().post("/api/v1/models/" + model + "/arithmetic",
				Map.of("a", List.of(1, 2, 3), "b", List.of(4, 5, 6), "c", List.of(7, 8, 9), "prompt", "a circle"));
		assertThat(arithmetic.statusCode()).as(arithmetic.body()).isEqualTo(200);
		JsonNode sum = api().json(arithmetic);
		assertThat(sum.get("generation").get("kind").asString()).isEqualTo("arithmetic");
		assertThat(sum.get("generation").get("prompt").asString()).isEqualTo("a circle");
		assertThat(sum.get("generation").get("count").asInt()).isEqualTo(4);
		assertThat(sum.get("generation").get("walk").get("c").get(2).asLong()).isEqualTo(9);
		JsonNode again = api()
			.json(api().post("/api/v1/generations/" + sum.get("generationId").asString() + "/replay", Map.of()));
		assertThat(again.get("frames")).isEqualTo(sum.get("frames"));
		assertThat(again.get("latents")).isEqualTo(sum.get("latents"));
		assertThat(again.get("images")).isEqualTo(sum.get("images"));
		assertThat(again.get("generation")).isEqualTo(sum.get("generation"));
		// a walk refused for its latent size records nothing
		long before = api().json(api().get("/api/v1/generations?modelId=" + model))
			.get("page")
			.get("totalElements")
			.asLong();
		assertThat(before).as("two interpolations by seeds, one by latents, one arithmetic").isEqualTo(4);
		JsonNode interpolations = api()
			.json(api().get("/api/v1/generations?modelId=" + model + "&kind=interpolate&sort=createdAt,asc"));
		assertThat(interpolations.get("page").get("totalElements").asLong()).isEqualTo(3);
		assertThat(interpolations.get("items").get(0).get("id").asString()).isEqualTo(id);
		JsonNode arithmetics = api().json(api().get("/api/v1/generations?modelId=" + model + "&kind=arithmetic"));
		assertThat(arithmetics.get("items")).hasSize(1);
		assertThat(arithmetics.get("items").get(0).get("id").asString()).isEqualTo(sum.get("generationId").asString());
		assertThat(api().json(api().get("/api/v1/generations?modelId=" + model + "&kind=generate"))
			.get("page")
			.get("totalElements")
			.asLong()).isZero();
		assertProblem(api().get("/api/v1/generations?kind=walk"), 400, "validation");
		assertProblem(api().post(interpolate, Map.of("latents", List.of(List.of(1, 2), List.of(3, 4)))), 400,
				"validation");
		assertProblem(api().post(interpolate, Map.of("seeds", List.of(1, 2), "condition", Map.of("label", "oval"))),
				400, "validation");
		assertThat(
				api().json(api().get("/api/v1/generations?modelId=" + model)).get("page").get("totalElements").asLong())
			.isEqualTo(before);
	}

	@Test
	void pointModelsAnswerPointsNpyAndAScatterPlot() {
		HttpResponse<String> json = api().post("/api/v1/models/" + this.points + "/generate",
				Map.of("count", 50, "seed", 3));
		assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
		assertThat(api().json(json).get("points").size()).isEqualTo(50);
		assertThat(api().json(json).get("points").get(0).size()).isEqualTo(2);
		assertThat(Npy.read(generate(this.points, Map.of("count", 50, "seed", 3), Npy.MEDIA_TYPE).body()).shape())
			.containsExactly(50, 2);
		HttpResponse<byte[]> png = generate(this.points, Map.of("count", 50, "seed", 3), "image/png");
		assertThat(Png.decode(png.body()).width()).isEqualTo(512);
		// an unconditional model takes no condition
		assertProblem(api().post("/api/v1/models/" + this.points + "/generate",
				Map.of("count", 1, "condition", Map.of("label", "circle"))), 400, "validation");
	}

	@Test
	void aGenerationsCheckpointSurvivesRetention() throws Exception {
		String model = submit("shapes", Map.of("type", "linear-generator", "latentSize", 4));
		Checkpoint first = this.models.checkpoint(model, 1, 5);
		String generation = api()
			.json(api().post("/api/v1/models/" + model + "/generate",
					Map.of("count", 2, "seed", 8, "checkpoint", first.getId())))
			.get("generationId")
			.asString();
		byte[] original = api().postBytes("/api/v1/generations/" + generation + "/replay", Map.of(), Npy.MEDIA_TYPE)
			.body();
		Checkpoint second = this.models.checkpoint(model, 2, 6);
		Checkpoint third = this.models.checkpoint(model, 3, 7);
		// keep-latest is 1: the second goes, the first stays for the generation
		await().until(() -> this.checkpoints.list(model).size() == 2);
		assertThat(this.checkpoints.list(model)).extracting(Checkpoint::getId)
			.containsExactly(first.getId(), third.getId());
		assertThat(Files.isDirectory(this.checkpoints.directory(first))).isTrue();
		assertThat(Files.exists(this.checkpoints.directory(second))).isFalse();
		assertThat(api().postBytes("/api/v1/generations/" + generation + "/replay", Map.of(), Npy.MEDIA_TYPE).body())
			.isEqualTo(original);
		// the generations' pin source names it until the generation's record is deleted
		// (the inference cache keeps its own pin while the checkpoint is loaded)
		assertThat(this.generationPins.pinned(model)).containsExactly(first.getId());
		assertThat(api().delete("/api/v1/generations/" + generation).statusCode()).isEqualTo(204);
		assertThat(this.generationPins.pinned(model)).isEmpty();
		assertProblem(api().get("/api/v1/generations/" + generation), 404, "not-found");
	}

}
