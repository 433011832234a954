package dev.latentforge.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.latentforge.testing.ServiceProcess;
import dev.latentforge.testing.ServiceTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first start without a configured bootstrap key generates an admin key and prints it
 * once; it works, and the next start prints no key. A configured bootstrap key works as
 * an admin key.
 */
class BootstrapKeyIntegrationTests {

	static final Pattern KEY = Pattern.compile("(lf_[A-Za-z0-9_-]{43})");

	@Test
	void aGeneratedKeyIsPrintedOnceAndWorks() throws Exception {
		Path dataDir = ServiceTestSupport.newDataDir("bootstrap");
		Map<String, String> noBootstrapKey = Map.of("latentforge.security.bootstrap-key", "");
		String key;
		try (ServiceProcess first = ServiceProcess.start("first", dataDir, noBootstrapKey)) {
			String log = Files.readString(first.log());
			Matcher matcher = KEY.matcher(log);
			assertThat(matcher.find()).as("the first start prints a key").isTrue();
			key = matcher.group(1);
			assertThat(matcher.find()).as("it is printed once").isFalse();
			ServiceTestSupport.Api api = first.api().withKey(key);
			assertThat(api.get("/api/v1/keys").statusCode()).isEqualTo(200);
			assertThat(api.get("/actuator/prometheus").statusCode()).as("it is an admin key").isEqualTo(200);
			assertThat(first.api().withKey(null).get("/api/v1/jobs").statusCode()).isEqualTo(401);
		}
		try (ServiceProcess second = ServiceProcess.start("second", dataDir, noBootstrapKey)) {
			assertThat(KEY.matcher(Files.readString(second.log())).find()).as("no key on the next start").isFalse();
			assertThat(second.api().withKey(key).get("/api/v1/keys").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aConfiguredBootstrapKeyIsAnAdminKey() throws Exception {
		try (ServiceProcess service = ServiceProcess.start("configured", ServiceTestSupport.newDataDir("configured"),
				Map.of())) {
			assertThat(KEY.matcher(Files.readString(service.log())).find()).isFalse();
			ServiceTestSupport.Api api = service.api();
			assertThat(api.get("/actuator/prometheus").statusCode()).isEqualTo(200);
			assertThat(api.createKey("team", "trainer")).startsWith("lf_");
		}
	}

}
