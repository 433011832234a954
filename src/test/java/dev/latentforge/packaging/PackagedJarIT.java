package dev.latentforge.packaging;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.latentforge.testing.ServiceProcess;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged fat jar, run as users run it ({@code java -jar latentforge.jar}): it
 * starts, its workers launch through Spring Boot's {@code PropertiesLauncher} from the
 * same jar and train a job to the end, and Swagger UI and the OpenAPI document are
 * served.
 */
class PackagedJarIT {

	@Test
	void theJarTrainsWithWorkersLaunchedFromItself() throws Exception {
		String jar = System.getProperty("latentforge.test.jar");
		assertThat(jar).as("run by failsafe after package").isNotBlank();
		assertThat(Path.of(jar)).exists();
		Path dataDir = ServiceTestSupport.newDataDir("jar");
		try (ServiceProcess service = ServiceProcess.start("jar", dataDir, Map.of())) {
			ServiceTestSupport.Api api = service.api();
			HttpResponse<String> created = api.post("/api/v1/jobs",
					Map.of("dataset", "bars-and-stripes", "model",
							Map.of("type", "autoencoder", "layers", List.of(8, 4)), "training",
							Map.of("maxSteps", 40, "batchSize", 16, "checkpointEvery", 20)));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String id = api.json(created).get("id").asString();
			JsonNode done = api.awaitStatus(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED");
			assertThat(done.get("status").asString()).as(api.get("/api/v1/jobs/" + id + "/logs").body())
				.isEqualTo("SUCCEEDED");
			assertThat(api.get("/api/v1/jobs/" + id + "/logs").body()).contains("=== attempt 1 ===");
			assertThat(api.get("/v3/api-docs").statusCode()).isEqualTo(200);
			assertThat(api.get("/swagger-ui/index.html").body()).contains("swagger-ui");
			JsonNode info = api.json(api.get("/actuator/info"));
			assertThat(info.get("build").get("artifact").asString()).isEqualTo("latentforge");
		}
	}

}
