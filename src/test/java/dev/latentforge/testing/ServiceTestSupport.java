package dev.latentforge.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;

import static org.awaitility.Awaitility.await;

/**
 * Shared set-up of whole-service tests: a fresh data directory and H2 file database per
 * test class, fast heartbeats (1 s × 4), and a small HTTP client for the API.
 */
public final class ServiceTestSupport {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private ServiceTestSupport() {
	}

	/** A new data directory, deleted when the test JVM exits. */
	public static Path newDataDir(String name) {
		try {
			Path dir = Files.createTempDirectory("latentforge-" + name + "-");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					dev.latentforge.datasets.DatasetFiles.deleteRecursively(dir);
				}
				catch (IOException ex) {
					// best effort
				}
			}));
			return dir;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static void register(DynamicPropertyRegistry registry, Path dataDir) {
		registry.add("latentforge.data-dir", dataDir::toString);
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:file:" + dataDir.resolve("db/latentforge") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
		registry.add("latentforge.jobs.heartbeat-interval", () -> "1s");
		registry.add("latentforge.jobs.missed-heartbeats", () -> "4");
		registry.add("latentforge.jobs.polling-interval", () -> "200ms");
		registry.add("latentforge.jobs.retry-delay", () -> "500ms");
		registry.add("latentforge.jobs.cancel-grace", () -> "20s");
		registry.add("latentforge.jobs.worker-heap", () -> "1GB");
		registry.add("latentforge.jobs.worker-threads", () -> "1");
		registry.add("latentforge.web.sse-heartbeat", () -> "1s");
		// only the Fashion-MNIST test converts Debian's package; the others start faster
		// without it
		registry.add("latentforge.datasets.fashion-mnist-dir", () -> dataDir.resolve("no-fashion-mnist").toString());
	}

	/** A tiny JSON-over-HTTP client for one service. */
	public static final class Api {

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

		private final String base;

		public Api(String base) {
			this.base = base;
		}

		public Api(int port) {
			this("http://127.0.0.1:" + port);
		}

		public String base() {
			return this.base;
		}

		public HttpResponse<String> get(String path) {
			return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET().build());
		}

		public HttpResponse<byte[]> getBytes(String path, String accept) {
			try {
				return this.http.send(
						HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", accept).GET().build(),
						HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}

		public HttpResponse<String> post(String path, Object body) {
			return post(path, body, Map.of());
		}

		public HttpResponse<String> post(String path, Object body, Map<String, String> headers) {
			String json = body instanceof String text ? text : JSON.writeValueAsString(body);
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json));
			headers.forEach(request::header);
			return send(request.build());
		}

		public HttpResponse<byte[]> postBytes(String path, Object body, String accept) {
			try {
				return this.http.send(HttpRequest.newBuilder(URI.create(this.base + path))
					.header("Content-Type", "application/json")
					.header("Accept", accept)
					.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
					.build(), HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}

		public HttpResponse<String> delete(String path) {
			return send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE().build());
		}

		public HttpResponse<String> send(HttpRequest request) {
			try {
				return this.http.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}

		public JsonNode json(HttpResponse<String> response) {
			return JSON.readTree(response.body());
		}

		public JsonNode job(String id) {
			return json(get("/api/v1/jobs/" + id));
		}

		public String status(String id) {
			return job(id).get("status").asString();
		}

		public JsonNode awaitStatus(String id, Duration timeout, String... statuses) {
			List<String> wanted = List.of(statuses);
			await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> wanted.contains(status(id)));
			return job(id);
		}

	}

}
