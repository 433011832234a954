package dev.latentforge.models.autoencoder;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import dev.latentforge.testing.ServiceIntegrationTest;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autoencoder variants over the API: every bad combination of options gets a 400 that
 * names the field and says why, and the variants train in workers and are served with
 * their capabilities and export layouts.
 */
class AutoencoderVariantsIntegrationTests extends ServiceIntegrationTest {

	static String job(String model) {
		return """
				{"dataset": "shapes", "model": {"type": "autoencoder", %s},
				 "training": {"maxSteps": 30, "batchSize": 16}}""".formatted(model);
	}

	/**
	 * Bad combinations: the model options, the field named and a phrase of the reason.
	 */
	static Stream<Arguments> badCombinations() {
		return Stream.of(
				Arguments.of("sparsity with a linear code layer",
						"\"layers\": [32, 8], \"sparsity\": {\"rho\": 0.05, \"beta\": 1}", "model.codeActivation",
						"activations must lie in (0, 1)"),
				Arguments.of("sparsity target outside (0, 1)",
						"\"layers\": [32, 8], \"codeActivation\": \"sigmoid\", \"sparsity\": {\"rho\": 1.5}",
						"model.sparsity.rho", "(0, 1)"),
				Arguments.of("non-positive sparsity weight",
						"\"layers\": [32, 8], \"codeActivation\": \"sigmoid\", \"sparsity\": {\"beta\": 0}",
						"model.sparsity.beta", "β"),
				Arguments.of("running-average momentum of 1",
						"\"layers\": [32, 8], \"codeActivation\": \"sigmoid\", \"sparsity\": {\"momentum\": 1}",
						"model.sparsity.momentum", "never look at the data"),
				Arguments.of("gaussian corruption without sigma",
						"\"layers\": [32, 8], \"corruption\": {\"type\": \"gaussian\"}", "model.corruption", "sigma"),
				Arguments.of("masking with a fraction of 1",
						"\"layers\": [32, 8], \"corruption\": {\"type\": \"masking\", \"fraction\": 1}",
						"model.corruption", "fraction in (0, 1)"),
				Arguments.of("unknown corruption",
						"\"layers\": [32, 8], \"corruption\": {\"type\": \"blur\", \"sigma\": 1}", "model.corruption",
						"unknown corruption type"),
				Arguments.of("VAE with a sigmoid code",
						"\"layers\": [32, 8], \"variational\": true, " + "\"codeActivation\": \"sigmoid\"",
						"model.codeActivation", "unbounded"),
				Arguments.of("VAE with sparsity",
						"\"layers\": [32, 8], \"variational\": true, \"sparsity\": {\"rho\": 0.05}", "model.sparsity",
						"sparsity does not apply"),
				Arguments.of("VAE with corruption",
						"\"layers\": [32, 8], \"variational\": true, "
								+ "\"corruption\": {\"type\": \"masking\", \"fraction\": 0.25}",
						"model.corruption", "not supported"),
				Arguments.of("outputSigma with a Bernoulli decoder", "\"layers\": [32, 8], \"outputSigma\": 0.1",
						"model.outputSigma", "Bernoulli"),
				Arguments.of("channels on a dense network", "\"layers\": [32, 8], \"channels\": [8]", "model.channels",
						"needs architecture conv"),
				Arguments.of("upsampling on a dense network", "\"layers\": [32, 8], \"upsampling\": \"nearest\"",
						"model.upsampling", "needs architecture conv"),
				Arguments.of("too many stride-2 stages for 4×4 images (bars-and-stripes)",
						"\"layers\": [2], \"architecture\": \"conv\", \"channels\": [4, 4, 4]", "model.channels",
						"too often"),
				Arguments.of("layer-wise pretraining of one layer",
						"\"layers\": [8], \"pretraining\": \"layerwise\", \"pretrainingSteps\": 5", "model.pretraining",
						"at least 2 layers"),
				Arguments.of("layer-wise pretraining without steps",
						"\"layers\": [32, 8], \"pretraining\": \"layerwise\"", "model.pretrainingSteps",
						"needs pretrainingSteps"),
				Arguments.of("pretraining that leaves no fine-tuning",
						"\"layers\": [32, 8], \"pretraining\": \"layerwise\", \"pretrainingSteps\": 15",
						"model.pretrainingSteps", "leave none"),
				Arguments.of("pretraining steps without layer-wise pretraining",
						"\"layers\": [32, 8], \"pretrainingSteps\": 5", "model.pretrainingSteps", "layerwise only"),
				Arguments.of("layer-wise pretraining of a conv net",
						"\"layers\": [32, 8], \"architecture\": \"conv\", "
								+ "\"pretraining\": \"layerwise\", \"pretrainingSteps\": 5",
						"model.pretraining", "dense stack"),
				Arguments.of("layer-wise pretraining of a VAE",
						"\"layers\": [32, 8], \"variational\": true, "
								+ "\"pretraining\": \"layerwise\", \"pretrainingSteps\": 5",
						"model.pretraining", "does not apply"),
				Arguments.of("stacked denoising pretraining",
						"\"layers\": [32, 8], \"pretraining\": \"layerwise\", \"pretrainingSteps\": 5, "
								+ "\"corruption\": {\"type\": \"masking\", \"fraction\": 0.25}",
						"model.pretraining", "not supported"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badCombinations")
	void badCombinationsGet400WithTheReason(String name, String model, String field, String reason) {
		String body = name.contains("bars-and-stripes") ? job(model).replace("\"shapes\"", "\"bars-and-stripes\"")
				: job(model);
		HttpResponse<String> response = api().post("/api/v1/jobs", body);
		ServiceTestSupport.assertProblem(response, 400, "validation");
		JsonNode errors = api().json(response).get("errors");
		assertThat(errors).as(response.body()).isNotNull();
		assertThat(errors.toString()).as(response.body()).contains("\"field\":\"" + field + "\"").contains(reason);
	}

	@Test
	void variantsTrainInWorkersAndAreServedWithTheirCapabilities() {
		String dae = train("\"layers\": [8], \"architecture\": \"conv\", \"channels\": [4, 8], "
				+ "\"corruption\": {\"type\": \"gaussian\", \"sigma\": 0.3}");
		String vae = train("\"layers\": [32, 4], \"variational\": true, \"loss\": \"mse\"");
		String stacked = train("\"layers\": [32, 16, 4], \"pretraining\": \"layerwise\", \"pretrainingSteps\": 5");
		JsonNode daeModel = api().json(api().get("/api/v1/models/" + dae));
		assertThat(daeModel.get("capabilities").toString()).contains("denoise", "sample", "inpaint")
			.doesNotContain("generate");
		assertThat(daeModel.get("exportLayout").asString()).contains("ConvTranspose2d");
		JsonNode vaeModel = api().json(api().get("/api/v1/models/" + vae));
		assertThat(vaeModel.get("capabilities").toString()).contains("generate").doesNotContain("denoise");
		assertThat(vaeModel.get("exportLayout").asString()).contains("log σ²");
		JsonNode stackedModel = api().json(api().get("/api/v1/models/" + stacked));
		assertThat(stackedModel.get("exportLayout").asString()).contains("pretrained");
		for (String id : new String[] { dae, vae, stacked }) {
			HttpResponse<byte[]> npz = api().getBytes("/api/v1/models/" + id + "/export?format=npz",
					"application/x-npz");
			assertThat(npz.statusCode()).isEqualTo(200);
			HttpResponse<byte[]> safetensors = api().getBytes("/api/v1/models/" + id + "/export?format=safetensors",
					"application/vnd.safetensors");
			assertThat(safetensors.statusCode()).isEqualTo(200);
			float[] grey = new float[784];
			java.util.Arrays.fill(grey, 0.5f);
			String png = java.util.Base64.getEncoder()
				.encodeToString(dev.latentforge.images.Png.encode(grey, 1, 28, 28));
			HttpResponse<String> reconstructed = api().post("/api/v1/models/" + id + "/reconstruct",
					java.util.Map.of("images", java.util.List.of(java.util.Map.of("png", png))));
			assertThat(reconstructed.statusCode()).as(reconstructed.body()).isEqualTo(200);
		}
	}

	private String train(String model) {
		HttpResponse<String> created = api().post("/api/v1/jobs", job(model));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = api().json(created).get("id").asString();
		JsonNode done = api().awaitStatus(id, Duration.ofMinutes(4), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		return id;
	}

}
