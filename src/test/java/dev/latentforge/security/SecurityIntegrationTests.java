package dev.latentforge.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keys, roles and owners over HTTP: who may call what, and that one owner can neither see
 * nor touch another's objects through any endpoint of the API (walked from the live
 * OpenAPI document, so a new endpoint cannot be forgotten).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("security");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, dataDir);
		registry.add("latentforge.quotas.generation-requests-per-second", () -> "2");
	}

	@LocalServerPort
	int port;

	ServiceTestSupport.Api admin;

	ServiceTestSupport.Api alice;

	ServiceTestSupport.Api aliceViewer;

	ServiceTestSupport.Api bob;

	String aliceDataset;

	String aliceJob;

	String aliceKeyId;

	@BeforeAll
	void keysAndObjects() {
		this.admin = new ServiceTestSupport.Api(this.port);
		this.alice = this.admin.withKey(this.admin.createKey("alice", "trainer"));
		this.aliceViewer = this.admin.withKey(this.admin.createKey("alice", "viewer"));
		this.bob = this.admin.withKey(this.admin.createKey("bob", "trainer"));
		HttpResponse<String> upload = this.alice.uploadIdx("alice-private", 64, 8, 8);
		assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
		this.aliceDataset = this.alice.json(upload).get("id").asString();
		HttpResponse<String> job = this.alice.post("/api/v1/jobs",
				Map.of("dataset", this.aliceDataset, "model", Map.of("type", "autoencoder", "layers", List.of(4)),
						"training", Map.of("maxSteps", 20, "batchSize", 8, "checkpointEvery", 10)));
		assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
		this.aliceJob = this.alice.json(job).get("id").asString();
		this.alice.awaitStatus(this.aliceJob, Duration.ofMinutes(2), "SUCCEEDED");
		JsonNode keys = this.admin.json(this.admin.get("/api/v1/keys?size=100")).get("items");
		for (JsonNode key : keys) {
			if (key.get("owner").asString().equals("alice") && key.get("role").asString().equals("trainer")) {
				this.aliceKeyId = key.get("id").asString();
			}
		}
	}

	@Test
	@Order(1)
	void unauthenticatedCallsGet401AndPublicPathsStayOpen() {
		ServiceTestSupport.Api anonymous = this.admin.withKey(null);
		for (String path : List.of("/api/v1/jobs", "/api/v1/datasets", "/api/v1/models/" + this.aliceJob,
				"/actuator/prometheus")) {
			HttpResponse<String> response = anonymous.get(path);
			ServiceTestSupport.assertProblem(response, 401, "unauthorized");
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
		}
		ServiceTestSupport.assertProblem(anonymous.post("/api/v1/jobs", "{}"), 401, "unauthorized");
		ServiceTestSupport.assertProblem(this.admin.withKey("lf_not-a-key").get("/api/v1/jobs"), 401, "unauthorized");
		assertThat(anonymous.get("/v3/api-docs").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/info").statusCode()).isEqualTo(200);
		HttpResponse<String> viaHeader = anonymous
			.send(HttpRequest.newBuilder(URI.create(anonymous.base() + "/api/v1/jobs"))
				.header("X-API-Key", ServiceTestSupport.ADMIN_KEY)
				.build());
		assertThat(viaHeader.statusCode()).isEqualTo(200);
	}

	@Test
	@Order(2)
	void rolesDecideWhatACallerMayDo() {
		ServiceTestSupport.assertProblem(this.aliceViewer.post("/api/v1/jobs",
				Map.of("dataset", "shapes", "model", Map.of("type", "autoencoder"), "training", Map.of("maxSteps", 1))),
				403, "forbidden");
		assertThat(this.aliceViewer.get("/api/v1/jobs/" + this.aliceJob).statusCode()).isEqualTo(200);
		ServiceTestSupport.assertProblem(this.aliceViewer.post("/api/v1/jobs/" + this.aliceJob + "/cancel", ""), 403,
				"forbidden");
		ServiceTestSupport.assertProblem(this.alice.get("/actuator/prometheus"), 403, "forbidden");
		assertThat(this.admin.get("/actuator/prometheus").statusCode()).isEqualTo(200);
		ServiceTestSupport.assertProblem(
				this.alice.post("/api/v1/keys", Map.of("name", "x", "owner", "alice", "role", "admin")), 403,
				"forbidden");
		ServiceTestSupport.assertProblem(this.alice.get("/api/v1/audit"), 403, "forbidden");
		JsonNode aliceKeys = this.alice.json(this.alice.get("/api/v1/keys")).get("items");
		assertThat(aliceKeys.size()).isEqualTo(2);
		aliceKeys.forEach((key) -> {
			assertThat(key.get("owner").asString()).isEqualTo("alice");
			assertThat(key.has("key") && !key.get("key").isNull()).as("a key is shown only once").isFalse();
		});
	}

	@Test
	@Order(3)
	void anotherOwnersObjectsAnswer404OnEveryEndpoint() {
		JsonNode paths = this.admin.json(this.admin.withKey(null).get("/v3/api-docs")).get("paths");
		List<String> checked = new ArrayList<>();
		for (var path : paths.properties()) {
			String template = path.getKey();
			if (!template.contains("{id}")) {
				continue;
			}
			for (var operation : path.getValue().properties()) {
				String method = operation.getKey().toUpperCase();
				if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
					continue;
				}
				boolean adminOnly = template.startsWith("/api/v1/keys");
				String id = template.startsWith("/api/v1/datasets") ? this.aliceDataset
						: adminOnly ? this.aliceKeyId : this.aliceJob;
				HttpResponse<String> response = call(this.bob, method, template.replace("{id}", id));
				if (adminOnly) {
					ServiceTestSupport.assertProblem(response, 403, "forbidden");
					ServiceTestSupport.assertProblem(call(this.bob, method, template.replace("{id}", "no-such-id")),
							403, "forbidden");
				}
				else {
					assertThat(response.statusCode()).as(method + " " + template + ": " + response.body())
						.isEqualTo(404);
					ServiceTestSupport.assertProblem(response, 404, "not-found");
					// generations, prompts and evaluations of an owner are walked with
					// real
					// objects in their own tests (this one's models cannot generate)
					boolean ownObjects = !template.startsWith("/api/v1/generations")
							&& !template.startsWith("/api/v1/prompts") && !template.startsWith("/api/v1/evaluations");
					if (method.equals("GET") && ownObjects) {
						// the owner's own reads go through (changes are not repeated: a
						// delete would
						// remove the objects the rest of the walk needs)
						assertThat(call(this.alice, method, template.replace("{id}", id)).statusCode())
							.as("the owner is not refused: " + method + " " + template)
							.isNotIn(401, 403, 404);
					}
				}
				checked.add(method + " " + template);
			}
		}
		assertThat(checked).hasSizeGreaterThanOrEqualTo(15)
			.contains("GET /api/v1/jobs/{id}", "POST /api/v1/jobs/{id}/cancel", "DELETE /api/v1/datasets/{id}",
					"GET /api/v1/models/{id}/export", "POST /api/v1/models/{id}/reconstruct");
		System.out.println("owner isolation checked on " + checked.size() + " operations: " + checked);
	}

	@Test
	@Order(4)
	void listsShowOnlyTheCallersObjects() {
		assertThat(this.bob.get("/api/v1/jobs").body()).doesNotContain(this.aliceJob);
		assertThat(this.bob.get("/api/v1/models").body()).doesNotContain(this.aliceJob);
		String bobsDatasets = this.bob.get("/api/v1/datasets?size=100").body();
		assertThat(bobsDatasets).doesNotContain(this.aliceDataset).contains("\"shapes\"");
		assertThat(this.alice.get("/api/v1/jobs").body()).contains(this.aliceJob);
		assertThat(this.alice.get("/api/v1/datasets?size=100").body()).contains(this.aliceDataset, "\"shapes\"");
		assertThat(this.admin.get("/api/v1/jobs").body()).contains(this.aliceJob);
		ServiceTestSupport.assertProblem(this.bob.post("/api/v1/jobs",
				Map.of("dataset", this.aliceDataset, "model", Map.of("type", "autoencoder", "layers", List.of(4)),
						"training", Map.of("maxSteps", 5, "batchSize", 8))),
				400, "validation");
	}

	@Test
	@Order(5)
	void inferenceIsRateLimitedPerOwner() {
		Map<String, Object> codes = Map.of("codes", List.of(List.of(0.1, 0.2, 0.3, 0.4)));
		int ok = 0;
		HttpResponse<String> limited = null;
		for (int i = 0; i < 12 && limited == null; i++) {
			HttpResponse<String> response = this.alice.post("/api/v1/models/" + this.aliceJob + "/decode", codes);
			if (response.statusCode() == 429) {
				limited = response;
			}
			else {
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				ok++;
			}
		}
		assertThat(limited).as("a burst past the rate gets 429").isNotNull();
		assertThat(ok).isGreaterThanOrEqualTo(3);
		ServiceTestSupport.assertProblem(limited, 429, "quota-exceeded");
		assertThat(limited.body()).contains("generation-requests-per-second");
		assertThat(limited.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	@Order(6)
	void revokedAndExpiredKeysStopWorkingAtOnce() {
		String key = this.admin.createKey("carol", "viewer");
		ServiceTestSupport.Api carol = this.admin.withKey(key);
		assertThat(carol.get("/api/v1/jobs").statusCode()).isEqualTo(200);
		String id = null;
		for (JsonNode listed : this.admin.json(this.admin.get("/api/v1/keys?size=100")).get("items")) {
			if (listed.get("owner").asString().equals("carol")) {
				id = listed.get("id").asString();
			}
		}
		assertThat(this.admin.delete("/api/v1/keys/" + id).statusCode()).isEqualTo(204);
		ServiceTestSupport.assertProblem(carol.get("/api/v1/jobs"), 401, "unauthorized");
		HttpResponse<String> expiring = this.admin.post("/api/v1/keys", Map.of("name", "short", "owner", "dave", "role",
				"viewer", "expiresAt", Instant.now().plusSeconds(2).toString()));
		assertThat(expiring.statusCode()).isEqualTo(201);
		ServiceTestSupport.Api dave = this.admin.withKey(this.admin.json(expiring).get("key").asString());
		assertThat(dave.get("/api/v1/jobs").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> dave.get("/api/v1/jobs").statusCode() == 401);
		ServiceTestSupport.assertProblem(
				this.admin.post("/api/v1/keys",
						Map.of("name", "past", "owner", "dave", "role", "viewer", "expiresAt", "2000-01-01T00:00:00Z")),
				400, "validation");
		ServiceTestSupport.assertProblem(
				this.admin.post("/api/v1/keys", Map.of("name", "bad", "owner", "Not An Owner!", "role", "viewer")), 400,
				"validation");
	}

	@Test
	@Order(7)
	void theLastAdminKeyCannotBeRevoked() {
		String bootstrap = null;
		for (JsonNode key : this.admin.json(this.admin.get("/api/v1/keys?size=100")).get("items")) {
			if (key.get("role").asString().equals("admin")) {
				bootstrap = key.get("id").asString();
			}
		}
		ServiceTestSupport.assertProblem(this.admin.delete("/api/v1/keys/" + bootstrap), 409, "conflict");
	}

	@Test
	@Order(8)
	void stateChangingCallsAreAudited() {
		JsonNode entries = this.admin.json(this.admin.get("/api/v1/audit?size=100")).get("items");
		List<String> lines = new ArrayList<>();
		entries.forEach((entry) -> lines.add(entry.get("owner").asString() + " " + entry.get("method").asString() + " "
				+ entry.get("action").asString() + " " + entry.get("target").asString() + " "
				+ entry.get("status").asInt()));
		assertThat(lines).contains("alice POST /api/v1/jobs " + this.aliceJob + " 201",
				"alice POST /api/v1/datasets " + this.aliceDataset + " 201", "alice POST /api/v1/jobs  403",
				" POST /api/v1/jobs  401", "bob DELETE /api/v1/datasets/{id} " + this.aliceDataset + " 404");
		assertThat(entries.get(0).get("requestId").asString()).isNotBlank();
		assertThat(this.admin.get("/api/v1/audit?owner=bob").body()).doesNotContain("\"owner\":\"alice\"");
	}

	static HttpResponse<String> call(ServiceTestSupport.Api api, String method, String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
			.header("Accept", "application/json, text/event-stream, */*")
			.timeout(Duration.ofSeconds(20));
		if (method.equals("GET") || method.equals("DELETE")) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString("{}"));
		}
		return api.send(request.build());
	}

}
