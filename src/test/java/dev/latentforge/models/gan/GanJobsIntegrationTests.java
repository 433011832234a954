package dev.latentforge.models.gan;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import dev.latentforge.images.Png;
import dev.latentforge.testing.ServiceIntegrationTest;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GAN jobs over the API: impossible combinations are refused with a 400 that names the
 * field and the reason; a small GAN trains to the end in a worker, with both players'
 * metrics, checkpoints, a sample grid and the generation capabilities.
 */
class GanJobsIntegrationTests extends ServiceIntegrationTest {

	static String job(String dataset, String model) {
		return "{\"dataset\": \"" + dataset + "\", \"model\": {\"type\": \"gan\""
				+ (model.isEmpty() ? "" : ", " + model) + "}, \"training\": {\"maxSteps\": 40, \"batchSize\": 32}}";
	}

	static Stream<Arguments> impossible() {
		return Stream.of(
				Arguments.of("weight clipping without a Wasserstein loss", job("shapes", "\"clip\": 0.01"),
						"model.clip", "Wasserstein"),
				Arguments.of("criticSteps without a Wasserstein loss",
						job("shapes", "\"loss\": \"minimax\", \"criticSteps\": 5"), "model.criticSteps", "dSteps"),
				Arguments.of("dSteps with a critic", job("shapes", "\"loss\": \"wasserstein\", \"dSteps\": 3"),
						"model.dSteps", "criticSteps"),
				Arguments.of("feature layer out of range",
						job("shapes", "\"loss\": \"feature-matching\", \"featureLayer\": 7"), "model.featureLayer",
						"hidden stages"),
				Arguments.of("feature layer without feature matching", job("shapes", "\"featureLayer\": 0"),
						"model.featureLayer", "feature-matching"),
				Arguments.of("dcgan on points", job("ring-8", "\"architecture\": \"dcgan\""), "model.architecture",
						"points"),
				Arguments.of("instance norm in an MLP",
						job("shapes", "\"architecture\": \"mlp\", \"discriminatorNorm\": \"instance\""),
						"model.discriminatorNorm", "convolutional"),
				Arguments.of("label smoothing of a critic",
						job("shapes", "\"loss\": \"wasserstein\", \"labelSmoothing\": 0.9"), "model.labelSmoothing",
						"no labels"),
				Arguments.of("gradient penalty without wasserstein-gp", job("shapes", "\"gradientPenalty\": 10"),
						"model.gradientPenalty", "wasserstein-gp"),
				Arguments.of("gradient penalty with weight clipping",
						job("shapes", "\"loss\": \"wasserstein\", \"gradientPenalty\": 10"), "model.gradientPenalty",
						"wasserstein-gp"),
				Arguments.of("weight clipping with the gradient penalty",
						job("shapes", "\"loss\": \"wasserstein-gp\", \"clip\": 0.01"), "model.clip", "Wasserstein"),
				Arguments.of("batch norm in a gradient-penalty critic",
						job("shapes", "\"loss\": \"wasserstein-gp\", \"discriminatorNorm\": \"batch\""),
						"model.discriminatorNorm", "per-example gradient norm"),
				Arguments.of("auxiliary classifier without conditional", job("shapes", "\"auxiliaryClassifier\": 1"),
						"model.auxiliaryClassifier", "conditional: true"),
				Arguments.of("attributes without conditional", job("shapes", "\"attributes\": true"),
						"model.attributes", "conditional"),
				Arguments.of("attributes of a set without any",
						job("ring-8", "\"conditional\": true, \"attributes\": true"), "model.attributes",
						"no attributes"),
				Arguments.of("swap windows as long as the period",
						job("shapes", "\"checkpointSwap\": {\"every\": 10, \"iterations\": 10}"),
						"model.checkpointSwap.iterations", "smaller"),
				Arguments.of("a symmetry of points", job("ring-8", "\"symmetry\": \"mirror\""), "model.symmetry",
						"holds points"),
				Arguments.of("a symmetry with too short a latent",
						job("shapes", "\"symmetry\": \"dihedral\", \"latentSize\": 2"), "model.symmetry",
						"signs of z's first 3 components; latentSize is 2"),
				Arguments.of("unknown symmetry", job("shapes", "\"symmetry\": \"rotation\""), "model.symmetry", null),
				Arguments.of("unknown loss", job("shapes", "\"loss\": \"hinge\""), "model.loss", null),
				Arguments.of("unknown GAN field", job("shapes", "\"unrolled\": 5"), "model", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("impossible")
	void impossibleCombinationsAreRefused(String name, String body, String field, String reason) {
		HttpResponse<String> response = api().post("/api/v1/jobs", body);
		ServiceTestSupport.assertProblem(response, 400, "validation");
		assertThat(response.body()).contains("\"field\":\"" + field);
		if (reason != null) {
			assertThat(response.body()).contains(reason);
		}
	}

	/**
	 * Uploads 64 random unlabelled IDX images of the given size; returns the set's id.
	 */
	static String uploaded(ServiceTestSupport.Api api, String name, int height, int width) {
		HttpResponse<String> upload = api.uploadIdx(name, 64, height, width);
		assertThat(upload.statusCode()).as(upload.body()).isBetween(200, 299);
		return api.json(upload).get("id").asString();
	}

	@Test
	void conditionalGanOnAnUnlabelledSetIsRefused() {
		ServiceTestSupport.Api api = api();
		String id = uploaded(api, "unlabelled-digits", 8, 8);
		HttpResponse<String> response = api.post("/api/v1/jobs", job(id, "\"conditional\": true"));
		ServiceTestSupport.assertProblem(response, 400, "validation");
		assertThat(response.body()).contains("\"field\":\"model.conditional", "no classes");
		HttpResponse<String> auxiliary = api.post("/api/v1/jobs",
				job(id, "\"conditional\": true, \"auxiliaryClassifier\": 1"));
		ServiceTestSupport.assertProblem(auxiliary, 400, "validation");
		assertThat(auxiliary.body()).contains("\"field\":\"model.auxiliaryClassifier", "labelled data set");
	}

	@Test
	void turningNonSquareImagesIsRefusedAndMirroringThemIsNot() {
		ServiceTestSupport.Api api = api();
		String id = uploaded(api, "wide-digits", 6, 10);
		HttpResponse<String> turned = api.post("/api/v1/jobs",
				job(id, "\"architecture\": \"mlp\", \"symmetry\": \"rotations\""));
		ServiceTestSupport.assertProblem(turned, 400, "validation");
		assertThat(turned.body()).contains("\"field\":\"model.symmetry", "needs square images", "has 6x10");
		HttpResponse<String> mirrored = api.post("/api/v1/jobs",
				job(id, "\"architecture\": \"mlp\", \"symmetry\": \"mirror\""));
		assertThat(mirrored.statusCode()).as(mirrored.body()).isEqualTo(201);
		JsonNode job = api.json(mirrored);
		assertThat(api.post("/api/v1/jobs/" + job.get("id").asString() + "/cancel", "").statusCode()).isBetween(200,
				299);
		assertThat(job.get("spec").get("model").get("symmetry").asString()).isEqualTo("mirror");
	}

	@Test
	void aSmallGanTrainsInAWorkerAndBecomesAGeneratingModel() {
		ServiceTestSupport.Api api = api();
		String body = "{\"dataset\": \"ring-8\", \"model\": {\"type\": \"gan\", \"loss\": \"minimax\"}, "
				+ "\"training\": {\"maxSteps\": 60, \"batchSize\": 64, \"checkpointEvery\": 30}}";
		HttpResponse<String> created = api.post("/api/v1/jobs", body);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String jobId = api.json(created).get("id").asString();
		JsonNode done = api.awaitStatus(jobId, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		JsonNode spec = done.get("spec").get("model");
		assertThat(spec.get("architecture").asString()).isEqualTo("mlp");
		assertThat(spec.get("generator").get("betas").get(0).asDouble()).isEqualTo(0.5);
		assertThat(done.get("latestMetrics").toString()).contains("fd_diag", "diversity", "modes_covered");
		JsonNode metrics = api.json(api.get("/api/v1/jobs/" + jobId + "/metrics"));
		assertThat(metrics.get("series").toString()).contains("\"d_loss\"", "\"g_loss\"", "\"d_real\"", "\"d_fake\"",
				"\"d_grad_norm\"", "\"g_grad_norm\"");
		HttpResponse<byte[]> samples = api.getBytes("/api/v1/jobs/" + jobId + "/samples", "image/png");
		assertThat(samples.statusCode()).isEqualTo(200);
		assertThat(Png.decode(samples.body()).width()).isEqualTo(512);
		JsonNode model = api.json(api.get("/api/v1/models/" + jobId));
		assertThat(model.get("family").asString()).isEqualTo("gan");
		assertThat(model.get("capabilities").toString()).contains("generate", "interpolate", "arithmetic", "evaluate");
	}

	@Test
	void aGradientPenaltyCriticTrainsInAWorkerWithThePapersDefaults() {
		ServiceTestSupport.Api api = api();
		String body = "{\"dataset\": \"shapes\", \"model\": {\"type\": \"gan\", \"loss\": \"wasserstein-gp\", "
				+ "\"filters\": 8, \"latentSize\": 16}, \"training\": {\"maxSteps\": 10, \"batchSize\": 16}}";
		HttpResponse<String> created = api.post("/api/v1/jobs", body);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String jobId = api.json(created).get("id").asString();
		JsonNode done = api.awaitStatus(jobId, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		JsonNode spec = done.get("spec").get("model");
		assertThat(spec.get("architecture").asString()).isEqualTo("dcgan");
		assertThat(spec.get("discriminatorNorm").asString()).isEqualTo("none");
		assertThat(spec.get("gradientPenalty").asDouble()).isEqualTo(10.0);
		assertThat(spec.get("criticSteps").asInt()).isEqualTo(5);
		assertThat(spec.has("clip") && !spec.get("clip").isNull()).isFalse();
		assertThat(spec.get("discriminator").get("betas").toString()).isEqualTo("[0.0,0.9]");
		JsonNode metrics = api.json(api.get("/api/v1/jobs/" + jobId + "/metrics"));
		assertThat(metrics.get("series").toString()).contains("\"d_penalty\"");
	}

}
