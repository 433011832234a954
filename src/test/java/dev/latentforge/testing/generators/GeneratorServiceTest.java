package dev.latentforge.testing.generators;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import dev.latentforge.testing.ServiceTestSupport;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of service tests that serve the test-only linear generator: one shared context
 * with no worker slots (jobs stay queued; the tests write their checkpoints), inference
 * batches of 4 and one kept latest checkpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(GeneratorTestConfiguration.class)
public abstract class GeneratorServiceTest {

	protected static final Path DATA_DIR = ServiceTestSupport.newDataDir("generators");

	@DynamicPropertySource
	static void generatorProperties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, DATA_DIR);
		registry.add("latentforge.jobs.worker-slots", () -> "0");
		registry.add("latentforge.generation.batch-size", () -> "4");
		registry.add("latentforge.checkpoints.keep-latest", () -> "1");
		registry.add("latentforge.quotas.generation-requests-per-second", () -> "1000");
	}

	@LocalServerPort
	protected int port;

	protected ServiceTestSupport.Api api() {
		return new ServiceTestSupport.Api(this.port);
	}

	/** Submits a job of the linear generator (it stays queued) and returns its id. */
	protected String submit(String dataset, Map<String, Object> model) {
		HttpResponse<String> response = api().post("/api/v1/jobs",
				Map.of("dataset", dataset, "model", model, "training", Map.of("maxSteps", 100)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return api().json(response).get("id").asString();
	}

}
