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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared set-up of whole-service tests: a fresh data directory and H2 file database per
 * test class, fast heartbeats (1 s × 4), and a small HTTP client for the API.
 */
public final class ServiceTestSupport {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	/** The bootstrap admin key of every test service (owner {@code admin}). */
	public static final String ADMIN_KEY = "lf_test-admin-key-0123456789abcdef";

	private ServiceTestSupport() {
	}

	/** A new data directory, deleted when the test JVM exits. */
	public static Path newDataDir(String name) {
		try {
			Path dir = Files.createTempDirectory("latentforge-" + name + "-");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					dev.latentforge.files.DurableFiles.deleteRecursively(dir);
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
		registry.add("latentforge.security.bootstrap-key", () -> ADMIN_KEY);
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

	/**
	 * Asserts an RFC 9457 problem: status, type (when given), detail, and the request id
	 * as traceId.
	 */
	public static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		if (type != null) {
			assertThat(problem.get("type").asString()).isEqualTo("https://latentforge.dev/problems/" + type);
		}
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(problem.get("traceId").asString()).isNotBlank();
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue(problem.get("traceId").asString());
	}

	/**
	 * A tiny JSON-over-HTTP client for one service, calling with one API key (or none).
	 */
	public static final class Api {

		private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

		private final String base;

		private final String key;

		public Api(String base, String key) {
			this.base = base;
			this.key = key;
		}

		public Api(String base) {
			this(base, ADMIN_KEY);
		}

		/** The same service, called with another key ({@code null}: no key). */
		public Api withKey(String otherKey) {
			return new Api(this.base, otherKey);
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
			return sendBytes(
					HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", accept).GET().build());
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
			return sendBytes(HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Content-Type", "application/json")
				.header("Accept", accept)
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
				.build());
		}

		public HttpResponse<String> delete(String path) {
			return send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE().build());
		}

		/**
		 * Sends a request with this client's key (unless it already carries credentials).
		 */
		public HttpResponse<String> send(HttpRequest request) {
			return send(request, HttpResponse.BodyHandlers.ofString());
		}

		public HttpResponse<byte[]> sendBytes(HttpRequest request) {
			return send(request, HttpResponse.BodyHandlers.ofByteArray());
		}

		public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
			try {
				return HTTP.send(authorised(request), handler);
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}

		private HttpRequest authorised(HttpRequest request) {
			if (this.key == null || request.headers().firstValue("Authorization").isPresent()
					|| request.headers().firstValue("X-API-Key").isPresent()) {
				return request;
			}
			return HttpRequest.newBuilder(request, (name, value) -> true)
				.header("Authorization", "Bearer " + this.key)
				.build();
		}

		/** Uploads an unlabelled data set of grey 8-bit images from an IDX file. */
		public HttpResponse<String> uploadIdx(String name, int count, int height, int width) {
			java.io.ByteArrayOutputStream idx = new java.io.ByteArrayOutputStream();
			idx.writeBytes(new byte[] { 0, 0, 8, 3 });
			idx.writeBytes(java.nio.ByteBuffer.allocate(12).putInt(count).putInt(height).putInt(width).array());
			java.util.SplittableRandom random = new java.util.SplittableRandom(count);
			for (int i = 0; i < count * height * width; i++) {
				idx.write(random.nextInt(256));
			}
			String boundary = "latentforge-test";
			java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
			body.writeBytes(
					("--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n")
						.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			body.writeBytes(("--" + boundary
					+ "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"images.idx\"\r\n"
					+ "Content-Type: application/octet-stream\r\n\r\n")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			body.writeBytes(idx.toByteArray());
			body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return send(HttpRequest.newBuilder(URI.create(this.base + "/api/v1/datasets"))
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
				.build());
		}

		/**
		 * Creates an API key (this client must be an admin) and returns the key itself.
		 */
		public String createKey(String owner, String role) {
			HttpResponse<String> created = post("/api/v1/keys",
					java.util.Map.of("name", owner + "-" + role, "owner", owner, "role", role));
			if (created.statusCode() != 201) {
				throw new IllegalStateException("could not create a key: " + created.body());
			}
			return json(created).get("key").asString();
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
