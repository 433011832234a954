package dev.latentforge.testing;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of whole-service tests that can share one application context (and so one data
 * directory and database): tests that do not depend on the queue being empty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceIntegrationTest {

	protected static final Path DATA_DIR = ServiceTestSupport.newDataDir("shared");

	@DynamicPropertySource
	static void sharedProperties(DynamicPropertyRegistry registry) {
		ServiceTestSupport.register(registry, DATA_DIR);
	}

	@LocalServerPort
	protected int port;

	protected ServiceTestSupport.Api api() {
		return new ServiceTestSupport.Api(this.port);
	}

}
