package dev.latentforge.datasets;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.latentforge.images.Png;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Debian's {@code dataset-fashion-mnist} installed, the service registers
 * Fashion-MNIST with its classes and split, and a job trains on it. Skipped without the
 * package unless {@code LATENTFORGE_REQUIRE_FASHION_MNIST} is set (then it fails).
 */
@EnabledIf(value = "shouldRun",
		disabledReason = "dataset-fashion-mnist is not installed "
				+ "(set LATENTFORGE_REQUIRE_FASHION_MNIST to make this a failure)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FashionMnistPackageIntegrationTests {

	static final Path PACKAGE = Path.of("/usr/share/datasets/fashion-mnist");

	static final Path dataDir = ServiceTestSupport.newDataDir("fashion");

	static boolean shouldRun() {
		String required = System.getenv("LATENTFORGE_REQUIRE_FASHION_MNIST");
		return Files.isDirectory(PACKAGE) || (required != null && !required.isBlank() && !required.equals("0"));
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
		registry.add("latentforge.datasets.fashion-mnist-dir", PACKAGE::toString);
	}

	@LocalServerPort
	int port;

	@Test
	void fashionMnistIsRegisteredAndTrainable() {
		ServiceTestSupport.Api api = new ServiceTestSupport.Api(this.port);
		HttpResponse<String> found = api.get("/api/v1/datasets/fashion-mnist");
		assertThat(found.statusCode()).as("Fashion-MNIST must be registered from " + PACKAGE).isEqualTo(200);
		JsonNode dataset = api.json(found);
		assertThat(dataset.get("splits").get("train").get("count").asInt()).isEqualTo(60_000);
		assertThat(dataset.get("splits").get("test").get("count").asInt()).isEqualTo(10_000);
		assertThat(dataset.get("classes").get(0).asString()).isEqualTo("T-shirt/top");
		assertThat(dataset.get("classes").get(9).asString()).isEqualTo("Ankle boot");
		assertThat(dataset.get("height").asInt()).isEqualTo(28);
		assertThat(dataset.get("channels").asInt()).isEqualTo(1);
		HttpResponse<byte[]> preview = api.getBytes("/api/v1/datasets/fashion-mnist/preview?count=16", "image/png");
		assertThat(preview.statusCode()).isEqualTo(200);
		assertThat(Png.decode(preview.body()).width()).isGreaterThan(28);
		HttpResponse<String> created = api.post("/api/v1/jobs",
				Map.of("dataset", "fashion-mnist", "data", Map.of("classes", List.of("Trouser", "Bag")), "model",
						Map.of("type", "autoencoder", "layers", List.of(64, 16)), "training",
						Map.of("maxSteps", 100, "batchSize", 64, "optimizer", Map.of("learningRate", 0.005))));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode done = api.awaitStatus(api.json(created).get("id").asString(), Duration.ofMinutes(2), "SUCCEEDED",
				"FAILED");
		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(done.get("dataset").get("sha256").asString()).isEqualTo(dataset.get("sha256").asString());
		assertThat(done.get("latestMetrics").get("val_mse_ratio").asDouble()).isLessThan(0.8);
	}

}
