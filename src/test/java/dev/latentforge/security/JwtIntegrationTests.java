package dev.latentforge.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the OAuth2 resource-server option on, JWTs signed by the configured key
 * authenticate (owner and role from their claims) next to API keys; a token signed by
 * another key gets 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtIntegrationTests {

	static final Path dataDir = ServiceTestSupport.newDataDir("jwt");

	static final KeyPair TRUSTED = rsa();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		ServiceTestSupport.register(registry, dataDir);
		Path pem = dataDir.resolve("issuer.pem");
		Files.writeString(pem,
				"-----BEGIN PUBLIC KEY-----\n"
						+ Base64.getMimeEncoder().encodeToString(TRUSTED.getPublic().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		registry.add("latentforge.security.jwt.enabled", () -> "true");
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
	}

	@LocalServerPort
	int port;

	@Test
	void jwtsAuthenticateWithTheirOwnerAndRoleAlongsideApiKeys() throws Exception {
		ServiceTestSupport.Api admin = new ServiceTestSupport.Api(this.port);
		ServiceTestSupport.Api trainer = admin.withKey(token(TRUSTED, "ivy", "trainer"));
		ServiceTestSupport.Api viewer = admin.withKey(token(TRUSTED, "ivy", "viewer"));
		assertThat(trainer.get("/api/v1/jobs").statusCode()).isEqualTo(200);
		var created = trainer.post("/api/v1/jobs",
				Map.of("dataset", "shapes", "model", Map.of("type", "autoencoder", "layers", List.of(8)), "training",
						Map.of("maxSteps", 5, "batchSize", 8)));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(trainer.json(created).get("owner").asString()).isEqualTo("ivy");
		ServiceTestSupport.assertProblem(viewer.post("/api/v1/jobs", "{}"), 403, "forbidden");
		assertThat(admin.get("/api/v1/jobs").statusCode()).as("API keys still work").isEqualTo(200);
		ServiceTestSupport.assertProblem(admin.withKey(token(rsa(), "ivy", "admin")).get("/api/v1/jobs"), 401, null);
		ServiceTestSupport.assertProblem(admin.withKey(null).get("/api/v1/jobs"), 401, "unauthorized");
	}

	static String token(KeyPair signer, String owner, String role) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256),
				new JWTClaimsSet.Builder().subject(owner)
					.claim("latentforge_role", role)
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(600)))
					.build());
		jwt.sign(new RSASSASigner((RSAPrivateKey) signer.getPrivate()));
		return jwt.serialize();
	}

	static KeyPair rsa() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
