package dev.latentforge.datasets;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.latentforge.web.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks over a real HTTP connection that an upload over the multipart limits gets a 413
 * problem, not a reset connection or a 500, and stores nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.servlet.multipart.max-file-size=1KB", "spring.servlet.multipart.max-request-size=2KB" })
class UploadSizeLimitIntegrationTests {

	@TempDir
	static Path dataDir;

	@LocalServerPort
	int port;

	@Autowired
	DatasetRepository repository;

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("latentforge.data-dir", () -> dataDir.toString());
		registry.add("latentforge.security.bootstrap-key", () -> dev.latentforge.testing.ServiceTestSupport.ADMIN_KEY);
		registry.add("spring.datasource.url", () -> DatasetsIntegrationTestSupport.h2Url(dataDir));
		registry.add("latentforge.datasets.fashion-mnist-dir", () -> dataDir.resolve("none").toString());
	}

	@Test
	void anUploadOverTheMultipartLimitGets413ProblemJson() throws Exception {
		long rowsBefore = this.repository.count();
		String boundary = "latentforge-test-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nbig\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"big.idx\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		body.write(TestFiles.idxImages(10, 32, 32));
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/datasets"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Authorization", "Bearer " + dev.latentforge.testing.ServiceTestSupport.ADMIN_KEY)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JsonMapper.builder().build().readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE.uri().toString());
		assertThat(problem.get("status").asInt()).isEqualTo(413);
		assertThat(problem.get("detail").asString()).isEqualTo("Maximum upload size exceeded");
		assertThat(this.repository.count()).isEqualTo(rowsBefore);
		assertThat(Files.exists(dataDir.resolve("datasets/uploads"))).isFalse();
	}

}
