package dev.latentforge.generation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.latentforge.analysis.ClusterAgreement;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.datasets.builtin.Shapes;
import dev.latentforge.images.Image;
import dev.latentforge.images.Png;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Npz;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.ServiceIntegrationTest;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The uses of a trained dense autoencoder over HTTP: anomaly scores against a calibrated
 * threshold, embeddings and their plot, k-means on codes; and the problems of bad
 * requests, of operations the model lacks, and of another owner's model. The model trains
 * on two of the six {@code shapes} classes (circle, square) so that the others are
 * anomalies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoencoderUsesIntegrationTests extends ServiceIntegrationTest {

	static String modelId;

	static DatasetFiles.SplitData test;

	@Autowired
	Calibrations calibrations;

	@Autowired
	dev.latentforge.jobs.ModelReferences references;

	@BeforeAll
	static void testImages() throws IOException {
		BuiltinDataset.Content content = new Shapes().generate();
		test = content.splits().get("test");
	}

	/** Base64 PNGs of the first {@code count} test images of a class. */
	static List<Map<String, String>> images(int label, int count) {
		List<Map<String, String>> out = new ArrayList<>();
		byte[] raw = test.images().rawData();
		for (int i = 0; i < test.count() && out.size() < count; i++) {
			if (test.labels()[i] == label) {
				float[] pixels = new float[784];
				for (int k = 0; k < 784; k++) {
					pixels[k] = (raw[i * 784 + k] & 0xFF) / 255f;
				}
				out.add(Map.of("png", Base64.getEncoder().encodeToString(Png.encode(pixels, 1, 28, 28))));
			}
		}
		return out;
	}

	@Test
	@Order(1)
	void trainsOnCirclesAndSquares() {
		ServiceTestSupport.Api api = api();
		HttpResponse<String> created = api.post("/api/v1/jobs",
				Map.of("name", "uses-ae", "dataset", "shapes", "data", Map.of("classes", List.of("circle", "square")),
						"model", Map.of("type", "autoencoder", "layers", List.of(64, 8)), "training",
						Map.of("maxSteps", 300, "batchSize", 64, "checkpointEvery", 300, "seed", 3, "optimizer",
								Map.of("type", "adam", "learningRate", 0.01))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		modelId = api.json(created).get("id").asString();
		JsonNode done = api.awaitStatus(modelId, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		JsonNode model = api.json(api.get("/api/v1/models/" + modelId));
		assertThat(model.get("capabilities").toString()).contains("score", "embedding", "cluster");
	}

	@Test
	@Order(2)
	void scoresHeldOutShapesAboveTheCalibratedThreshold() {
		ServiceTestSupport.Api api = api();
		List<Map<String, String>> known = new ArrayList<>(images(0, 10));
		known.addAll(images(1, 10));
		// the four classes it never saw: triangle, cross, ring, star
		List<Map<String, String>> stars = new ArrayList<>();
		for (int label = 2; label < 6; label++) {
			stars.addAll(images(label, 10));
		}
		List<Map<String, String>> all = new ArrayList<>(known);
		all.addAll(stars);
		int before = this.calibrations.computations();
		HttpResponse<String> response = api.post("/api/v1/models/" + modelId + "/score", Map.of("images", all));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = api.json(response);
		assertThat(body.get("percentile").asDouble()).isEqualTo(99.0);
		// every circle and square of the training split (about a third of 10,000 each)
		assertThat(body.get("calibrationImages").asInt()).isBetween(3300, 3340);
		assertThat(body.get("calibrationSplit").asString()).isEqualTo("train");
		double threshold = body.get("threshold").asDouble();
		double knownMean = 0;
		double starMean = 0;
		int starsFlagged = 0;
		int knownFlagged = 0;
		double[] knownErrors = new double[known.size()];
		double[] starErrors = new double[stars.size()];
		for (int i = 0; i < all.size(); i++) {
			JsonNode score = body.get("scores").get(i);
			double error = score.get("error").asDouble();
			assertThat(score.get("anomalous").asBoolean()).isEqualTo(error > threshold);
			if (i < known.size()) {
				knownMean += error / known.size();
				knownErrors[i] = error;
				knownFlagged += score.get("anomalous").asBoolean() ? 1 : 0;
			}
			else {
				starMean += error / stars.size();
				starErrors[i - known.size()] = error;
				starsFlagged += score.get("anomalous").asBoolean() ? 1 : 0;
			}
		}
		double auc = dev.latentforge.analysis.Percentiles.rocAuc(starErrors, knownErrors);
		System.out.printf(
				"score: threshold %.3f, circles+squares mean error %.3f (%d/20 flagged), unseen %.3f (%d/40 flagged), "
						+ "AUC %.3f%n",
				threshold, knownMean, knownFlagged, starMean, starsFlagged, auc);
		assertThat(starMean).isGreaterThan(1.5 * knownMean);
		assertThat(auc).isGreaterThan(0.75);
		assertThat(starsFlagged).isGreaterThan(knownFlagged);
		HttpResponse<String> lower = api.post("/api/v1/models/" + modelId + "/score",
				Map.of("images", known, "percentile", 50));
		assertThat(api.json(lower).get("threshold").asDouble()).isLessThan(threshold);
		assertThat(this.calibrations.computations() - before).as("one calibration per checkpoint").isEqualTo(1);
		ServiceTestSupport.assertProblem(
				api.post("/api/v1/models/" + modelId + "/score", Map.of("images", known, "percentile", 0)), 400,
				"validation");
		ServiceTestSupport.assertProblem(
				api.post("/api/v1/models/" + modelId + "/score", Map.of("images", List.of(Map.of("png", "%%")))), 400,
				"validation");
	}

	@Test
	@Order(3)
	void servesEmbeddingsAsJsonNpyNpzAndPlot() throws IOException {
		ServiceTestSupport.Api api = api();
		String base = "/api/v1/models/" + modelId + "/embedding";
		JsonNode json = api.json(api.get(base + "?limit=200"));
		assertThat(json.get("split").asString()).isEqualTo("test");
		assertThat(json.get("count").asInt()).isEqualTo(200);
		assertThat(json.get("codes").size()).isEqualTo(200);
		assertThat(json.get("codes").get(0).size()).isEqualTo(8);
		assertThat(json.get("classes").size()).isEqualTo(6);
		for (JsonNode label : json.get("labels")) {
			assertThat(label.asInt()).isIn(0, 1);
		}
		HttpResponse<byte[]> npy = api.getBytes(base + "?limit=200", Npy.MEDIA_TYPE);
		Tensor codes = Npy.read(npy.body());
		assertThat(codes.shape()).containsExactly(200, 8);
		assertThat(codes.toFloatArray()[0]).isEqualTo(json.get("codes").get(0).get(0).floatValue());
		HttpResponse<byte[]> npz = api.getBytes(base + "?limit=50&split=train", Npz.MEDIA_TYPE);
		Map<String, Tensor> arrays = Npz.read(new ByteArrayInputStream(npz.body()));
		assertThat(arrays.get("codes").shape()).containsExactly(50, 8);
		assertThat(arrays.get("labels").shape()).containsExactly(50);
		HttpResponse<byte[]> plot = api.getBytes(base + ".png?limit=300&size=256", "image/png");
		assertThat(plot.statusCode()).isEqualTo(200);
		Image image = Png.decode(plot.body());
		assertThat(image.width()).isEqualTo(256);
		assertThat(image.channels()).isEqualTo(3);
		// both classes' colours are drawn (Tableau blue and orange)
		assertThat(colours(image)).contains(0x1f77b4, 0xff7f0e);
		ServiceTestSupport.assertProblem(api.get(base + "?split=validation"), 400, "validation");
		ServiceTestSupport.assertProblem(api.get(base + "?limit=0"), 400, "validation");
		ServiceTestSupport.assertProblem(api.get(base + ".png?size=10"), 400, "validation");
	}

	static java.util.Set<Integer> colours(Image image) {
		java.util.Set<Integer> out = new java.util.HashSet<>();
		int plane = image.width() * image.height();
		for (int p = 0; p < plane; p++) {
			out.add((image.samples()[p] << 16) | (image.samples()[plane + p] << 8) | image.samples()[2 * plane + p]);
		}
		return out;
	}

	@Test
	@Order(4)
	void clustersCodesAndPixelsReproducibly() {
		ServiceTestSupport.Api api = api();
		Map<String, Object> request = Map.of("limit", 400, "comparePixels", true, "returnAssignments", true, "seed", 5);
		HttpResponse<String> response = api.post("/api/v1/models/" + modelId + "/cluster", request);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = api.json(response);
		assertThat(body.get("k").asInt()).isEqualTo(2);
		JsonNode codes = body.get("codes");
		assertThat(codes.get("sizes").get(0).asInt() + codes.get("sizes").get(1).asInt()).isEqualTo(400);
		JsonNode labels = api.json(api.get("/api/v1/models/" + modelId + "/embedding?limit=400")).get("labels");
		int[] truth = new int[400];
		int[] assigned = new int[400];
		for (int i = 0; i < 400; i++) {
			truth[i] = labels.get(i).asInt();
			assigned[i] = codes.get("assignments").get(i).asInt();
		}
		assertThat(codes.get("nmi").asDouble()).isEqualTo(ClusterAgreement.nmi(assigned, truth));
		assertThat(codes.get("ari").asDouble()).isEqualTo(ClusterAgreement.ari(assigned, truth));
		assertThat(body.get("pixels").get("nmi").asDouble()).isBetween(0.0, 1.0);
		System.out.printf("cluster: NMI codes %.3f pixels %.3f, ARI codes %.3f pixels %.3f%n",
				codes.get("nmi").asDouble(), body.get("pixels").get("nmi").asDouble(), codes.get("ari").asDouble(),
				body.get("pixels").get("ari").asDouble());
		JsonNode again = api.json(api.post("/api/v1/models/" + modelId + "/cluster", request));
		assertThat(again.get("codes").get("assignments")).isEqualTo(codes.get("assignments"));
		ServiceTestSupport.assertProblem(api.post("/api/v1/models/" + modelId + "/cluster", Map.of("k", 1)), 400,
				"validation");
		ServiceTestSupport.assertProblem(api.post("/api/v1/models/" + modelId + "/cluster", Map.of("restarts", 0)), 400,
				"validation");
	}

	@Test
	@Order(5)
	void chainAndDenoisingOperationsAreUnsupportedByADenseAutoencoder() {
		ServiceTestSupport.Api api = api();
		String base = "/api/v1/models/" + modelId;
		List<Map<String, String>> one = images(0, 1);
		ServiceTestSupport.assertProblem(api.post(base + "/sample", Map.of("chains", 2)), 400, "unsupported-operation");
		ServiceTestSupport.assertProblem(api.post(base + "/denoise", Map.of("images", one)), 400,
				"unsupported-operation");
		ServiceTestSupport.assertProblem(api.post(base + "/inpaint", Map.of("images", one, "masks", one)), 400,
				"unsupported-operation");
	}

	@Test
	@Order(6)
	void anotherOwnersModelIsNotFound() {
		ServiceTestSupport.Api other = api().withKey(api().createKey("uses-other-team", "trainer"));
		String base = "/api/v1/models/" + modelId;
		List<Map<String, String>> one = images(0, 1);
		ServiceTestSupport.assertProblem(other.post(base + "/score", Map.of("images", one)), 404, "not-found");
		ServiceTestSupport.assertProblem(other.get(base + "/embedding"), 404, "not-found");
		ServiceTestSupport.assertProblem(other.get(base + "/embedding.png"), 404, "not-found");
		ServiceTestSupport.assertProblem(other.post(base + "/cluster", Map.of()), 404, "not-found");
		ServiceTestSupport.assertProblem(other.post(base + "/sample", Map.of()), 404, "not-found");
		ServiceTestSupport.assertProblem(other.post(base + "/denoise", Map.of("images", one)), 404, "not-found");
	}

	static Map<String, Object> classifierJob(Map<String, Object> model) {
		return Map.of("name", "uses-classifier", "dataset", "shapes", "model", model, "training",
				Map.of("maxSteps", 150, "batchSize", 30, "checkpointEvery", 150, "seed", 4, "optimizer",
						Map.of("type", "adam", "learningRate", 0.005)));
	}

	@Test
	@Order(7)
	void classifierStartsFromTheAutoencodersEncoderAndClassifies() throws IOException {
		ServiceTestSupport.Api api = api();
		HttpResponse<String> created = api.post("/api/v1/jobs", classifierJob(Map.of("type", "classifier",
				"labelsPerClass", 10, "freezeEncoder", true, "pretrainedEncoder", Map.of("modelId", modelId))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String pretrainedId = api.json(created).get("id").asString();
		JsonNode spec = api.json(created).get("spec").get("model");
		// the architecture is copied from the autoencoder, the checkpoint pinned by id
		assertThat(spec.get("layers").toString()).isEqualTo("[64,8]");
		String aeCheckpoint = api.json(api.get("/api/v1/models/" + modelId)).get("bestCheckpointId").asString();
		assertThat(spec.get("pretrainedEncoder").get("checkpoint").asString()).isEqualTo(aeCheckpoint);
		assertThat(spec.get("classes").size()).isEqualTo(6);
		assertThat(this.references.pinned(modelId)).containsExactly(aeCheckpoint);
		HttpResponse<String> scratchCreated = api.post("/api/v1/jobs",
				classifierJob(Map.of("type", "classifier", "labelsPerClass", 10, "layers", List.of(64, 8))));
		assertThat(scratchCreated.statusCode()).as(scratchCreated.body()).isEqualTo(201);
		String scratchId = api.json(scratchCreated).get("id").asString();
		JsonNode pretrained = api.awaitStatus(pretrainedId, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
		assertThat(pretrained.get("status").asString()).as(pretrained.toString()).isEqualTo("SUCCEEDED");
		JsonNode scratch = api.awaitStatus(scratchId, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
		assertThat(scratch.get("status").asString()).as(scratch.toString()).isEqualTo("SUCCEEDED");
		double pretrainedAccuracy = pretrained.get("latestMetrics").get("val_accuracy").asDouble();
		double scratchAccuracy = scratch.get("latestMetrics").get("val_accuracy").asDouble();
		System.out.printf("classifier, 10 labels per class, 150 steps: frozen pretrained %.3f, scratch %.3f%n",
				pretrainedAccuracy, scratchAccuracy);
		assertThat(pretrained.get("latestMetrics").get("labelled_examples").asDouble()).isEqualTo(60.0);
		// six classes: chance is 1/6, with a standard error of 0.012 on 1,000 test images
		assertThat(pretrainedAccuracy).isGreaterThan(0.2);
		assertThat(scratchAccuracy).isGreaterThan(0.2);
		// the frozen encoder is the autoencoder's, bit for bit
		Map<String, Tensor> ae = Npz.read(
				new ByteArrayInputStream(api.getBytes("/api/v1/models/" + modelId + "/export", Npz.MEDIA_TYPE).body()));
		Map<String, Tensor> classifier = Npz.read(new ByteArrayInputStream(
				api.getBytes("/api/v1/models/" + pretrainedId + "/export", Npz.MEDIA_TYPE).body()));
		for (String name : List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias")) {
			assertThat(classifier.get(name)).as(name).isEqualTo(ae.get(name));
		}
		assertThat(classifier.get("head.0.weight").shape()).containsExactly(6, 8);
		List<Map<String, String>> some = new ArrayList<>(images(0, 2));
		some.addAll(images(3, 2));
		HttpResponse<String> classified = api.post("/api/v1/models/" + pretrainedId + "/classify",
				Map.of("images", some));
		assertThat(classified.statusCode()).as(classified.body()).isEqualTo(200);
		JsonNode predictions = api.json(classified).get("predictions");
		assertThat(predictions.size()).isEqualTo(4);
		double sum = 0;
		for (JsonNode p : predictions.get(0).get("probabilities")) {
			sum += p.asDouble();
		}
		assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
		HttpResponse<byte[]> npy = api.postBytes("/api/v1/models/" + pretrainedId + "/classify", Map.of("images", some),
				Npy.MEDIA_TYPE);
		assertThat(Npy.read(npy.body()).shape()).containsExactly(4, 6);
		ServiceTestSupport.assertProblem(api.post("/api/v1/models/" + modelId + "/classify", Map.of("images", some)),
				400, "unsupported-operation");
		assertThat(api.delete("/api/v1/jobs/" + pretrainedId).statusCode()).isEqualTo(204);
		assertThat(this.references.pinned(modelId)).isEmpty();
	}

	@Test
	@Order(8)
	void badPretrainedReferencesAreRefused() {
		ServiceTestSupport.Api api = api();
		ServiceTestSupport.assertProblem(
				api.post("/api/v1/jobs",
						classifierJob(
								Map.of("type", "classifier", "pretrainedEncoder", Map.of("modelId", "no-such-model")))),
				404, "not-found");
		ServiceTestSupport
			.assertProblem(
					api.post("/api/v1/jobs",
							classifierJob(Map.of("type", "classifier", "pretrainedEncoder",
									Map.of("modelId", modelId, "checkpoint", "no-such-checkpoint")))),
					404, "not-found");
		HttpResponse<String> layers = api.post("/api/v1/jobs", classifierJob(Map.of("type", "classifier", "layers",
				List.of(32, 8), "pretrainedEncoder", Map.of("modelId", modelId))));
		ServiceTestSupport.assertProblem(layers, 400, "validation");
		assertThat(layers.body()).contains("model.layers", "pretrained encoder has [64, 8]");
		HttpResponse<String> frozen = api.post("/api/v1/jobs",
				classifierJob(Map.of("type", "classifier", "freezeEncoder", true)));
		ServiceTestSupport.assertProblem(frozen, 400, "validation");
		assertThat(frozen.body()).contains("model.freezeEncoder");
		HttpResponse<String> batch = api.post("/api/v1/jobs",
				classifierJob(Map.of("type", "classifier", "labelsPerClass", 2)));
		ServiceTestSupport.assertProblem(batch, 400, "validation");
		assertThat(batch.body()).contains("training.batchSize");
		ServiceTestSupport.Api other = api.withKey(api.createKey("uses-other-lab", "trainer"));
		ServiceTestSupport
			.assertProblem(
					other.post("/api/v1/jobs",
							classifierJob(
									Map.of("type", "classifier", "pretrainedEncoder", Map.of("modelId", modelId)))),
					404, "not-found");
	}

	static String daeId;

	@Test
	@Order(9)
	void denoisingAutoencoderCleansServerCorruptedImages() {
		ServiceTestSupport.Api api = api();
		HttpResponse<String> created = api.post("/api/v1/jobs",
				Map.of("name", "uses-dae", "dataset", "shapes", "model",
						Map.of("type", "autoencoder", "layers", List.of(128, 32), "corruption",
								Map.of("type", "gaussian", "sigma", 0.3)),
						"training", Map.of("maxSteps", 300, "batchSize", 64, "checkpointEvery", 300, "seed", 5,
								"optimizer", Map.of("type", "adam", "learningRate", 0.005))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		daeId = api.json(created).get("id").asString();
		JsonNode done = api.awaitStatus(daeId, Duration.ofMinutes(3), "SUCCEEDED", "FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		List<Map<String, String>> clean = new ArrayList<>();
		for (int label = 0; label < 6; label++) {
			clean.addAll(images(label, 2));
		}
		String denoise = "/api/v1/models/" + daeId + "/denoise";
		HttpResponse<String> response = api.post(denoise, Map.of("images", clean, "corruption", Map.of(), "seed", 11));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = api.json(response);
		assertThat(body.get("corruption").get("sigma").asDouble()).isEqualTo(0.3);
		assertThat(body.get("images").size()).isEqualTo(12);
		assertThat(body.get("noisy").size()).isEqualTo(12);
		double noisy = body.get("psnr").get("meanNoisy").asDouble();
		double cleaned = body.get("psnr").get("meanCleaned").asDouble();
		System.out.printf("denoise (σ = 0.3, 300 steps): PSNR noisy %.2f dB, cleaned %.2f dB%n", noisy, cleaned);
		assertThat(cleaned).isGreaterThan(noisy + 3);
		assertThat(body.get("receipt").get("seed").asLong()).isEqualTo(11);
		// the same seed corrupts the same way
		assertThat(api.json(api.post(denoise, Map.of("images", clean, "corruption", Map.of(), "seed", 11))).get("psnr"))
			.isEqualTo(body.get("psnr"));
		HttpResponse<byte[]> grid = api.postBytes(denoise,
				Map.of("images", clean, "corruption", Map.of("type", "masking", "fraction", 0.25)), "image/png");
		assertThat(grid.statusCode()).isEqualTo(200);
		assertThat(grid.headers().firstValue("Latentforge-Psnr-Cleaned")).isPresent();
		// no corruption: the images are taken as noisy and cleaned as they are
		HttpResponse<byte[]> npy = api.postBytes(denoise, Map.of("images", clean), Npy.MEDIA_TYPE);
		assertThat(Npy.read(npy.body()).shape()).containsExactly(12, 1, 28, 28);
		ServiceTestSupport.assertProblem(
				api.post(denoise, Map.of("images", clean, "corruption", Map.of("type", "gaussian"))), 400,
				"validation");
		ServiceTestSupport.assertProblem(
				api.post(denoise, Map.of("images", clean, "corruption", Map.of("type", "blur", "sigma", 1))), 400,
				"validation");
	}

	@Test
	@Order(10)
	void denoisingChainSamplesWithDiagnosticsAndInpaintsKeepingKnownPixels() {
		ServiceTestSupport.Api api = api();
		String sample = "/api/v1/models/" + daeId + "/sample";
		HttpResponse<String> response = api.post(sample,
				Map.of("chains", 4, "steps", 40, "burnIn", 10, "thin", 5, "seed", 3));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = api.json(response);
		assertThat(body.get("frames").size()).isEqualTo(6);
		assertThat(body.get("frames").get(0).get("step").asInt()).isEqualTo(15);
		assertThat(body.get("frames").get(0).get("images").size()).isEqualTo(4);
		JsonNode intensity = body.get("diagnostics").get("meanIntensity");
		assertThat(intensity.get("draws").asInt()).isEqualTo(6);
		assertThat(intensity.get("rhat").asDouble()).isPositive();
		assertThat(body.get("diagnostics").get("distanceToStart").get("ess").asDouble()).isPositive();
		System.out.printf("sample: R̂ mean intensity %.3f, distance to start %.3f%n", intensity.get("rhat").asDouble(),
				body.get("diagnostics").get("distanceToStart").get("rhat").asDouble());
		HttpResponse<byte[]> npy = api.postBytes(sample,
				Map.of("chains", 3, "steps", 20, "thin", 10, "seed", 3, "returnMeans", true), Npy.MEDIA_TYPE);
		Tensor frames = Npy.read(npy.body());
		assertThat(frames.shape()).containsExactly(2, 3, 1, 28, 28);
		for (float value : frames.toFloatArray()) {
			assertThat(value).isBetween(0f, 1f);
		}
		HttpResponse<byte[]> png = api.postBytes(sample, Map.of("chains", 2, "steps", 6, "seed", 3), "image/png");
		Image strip = Png.decode(png.body());
		// two rows of six 28-pixel frames with 2-pixel padding
		assertThat(strip.width()).isEqualTo(6 * 28 + 7 * 2);
		assertThat(strip.height()).isEqualTo(2 * 28 + 3 * 2);
		assertThat(png.headers().firstValue("Latentforge-Rhat-Mean-Intensity")).isPresent();
		ServiceTestSupport.assertProblem(api.post(sample, Map.of("chains", 2, "steps", 10, "burnIn", 10)), 400,
				"validation");
		ServiceTestSupport.assertProblem(api.post(sample, Map.of("chains", 64, "steps", 10_000)), 413,
				"payload-too-large");
		ServiceTestSupport.assertProblem(api.post(sample, Map.of("chains", 3, "start", images(0, 2))), 400,
				"validation");

		// inpaint: the top half is known, the bottom half is noise to fill in
		List<Map<String, String>> originals = images(1, 3);
		float[] mask = new float[784];
		java.util.Arrays.fill(mask, 0, 14 * 28, 1f);
		String maskPng = Base64.getEncoder().encodeToString(Png.encode(mask, 1, 28, 28));
		List<Map<String, String>> masks = List.of(Map.of("png", maskPng), Map.of("png", maskPng),
				Map.of("png", maskPng));
		HttpResponse<byte[]> inpainted = api.postBytes("/api/v1/models/" + daeId + "/inpaint",
				Map.of("images", originals, "masks", masks, "steps", 20, "seed", 2), Npy.MEDIA_TYPE);
		assertThat(inpainted.statusCode()).as(new String(inpainted.body())).isEqualTo(200);
		float[] completed = Npy.read(inpainted.body()).toFloatArray();
		boolean filled = false;
		for (int n = 0; n < 3; n++) {
			float[] original = Png.decode(Base64.getDecoder().decode(originals.get(n).get("png"))).toUnitFloats();
			for (int k = 0; k < 784; k++) {
				if (mask[k] == 1f) {
					assertThat(completed[n * 784 + k]).as("known pixel %d of image %d", k, n).isEqualTo(original[k]);
				}
				else {
					filled |= completed[n * 784 + k] != original[k];
				}
			}
		}
		assertThat(filled).as("the unknown half changed").isTrue();
		ServiceTestSupport.assertProblem(api.post("/api/v1/models/" + daeId + "/inpaint",
				Map.of("images", originals, "masks", masks.subList(0, 1))), 400, "validation");
	}

}
