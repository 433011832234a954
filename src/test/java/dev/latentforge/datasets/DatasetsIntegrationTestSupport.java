package dev.latentforge.datasets;

import dev.latentforge.files.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.latentforge.testing.ServiceTestSupport;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The one application context that the data set integration tests share: a data directory
 * (and so a file-based H2 database) of its own, no Fashion-MNIST, and a mock
 * {@link DatasetUsage} in place of the jobs feature. The directory lives as long as the
 * cached context, that is until the JVM exits, so it cannot be a per-class
 * {@code @TempDir}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(DatasetsIntegrationTestSupport.AdminKey.class)
abstract class DatasetsIntegrationTestSupport {

	static final Path DATA_DIR = createDataDir();

	@MockitoBean
	DatasetUsage usage;

	/** Every MockMvc request authenticates with the test services' admin key. */
	@TestConfiguration
	static class AdminKey {

		@Bean
		MockMvcBuilderCustomizer adminKey() {
			return (builder) -> builder.defaultRequest(
					MockMvcRequestBuilders.get("/").header("Authorization", "Bearer " + ServiceTestSupport.ADMIN_KEY));
		}

	}

	@DynamicPropertySource
	static void dataDirectory(DynamicPropertyRegistry registry) {
		registry.add("latentforge.data-dir", DATA_DIR::toString);
		registry.add("latentforge.security.bootstrap-key", () -> ServiceTestSupport.ADMIN_KEY);
		registry.add("spring.datasource.url", () -> h2Url(DATA_DIR));
		registry.add("latentforge.datasets.fashion-mnist-dir", () -> DATA_DIR.resolve("no-fashion-mnist").toString());
		registry.add("latentforge.datasets.max-archive-entries", () -> "50");
		registry.add("latentforge.datasets.max-inflated-size", () -> "1MB");
	}

	/** A file-based H2 database in the data directory. */
	static String h2Url(Path dataDir) {
		return "jdbc:h2:file:" + dataDir.resolve("db/latentforge") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
	}

	private static Path createDataDir() {
		try {
			Path dir = Files.createTempDirectory("latentforge-datasets-it");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					DurableFiles.deleteRecursively(dir);
				}
				catch (IOException ex) {
					// best effort
				}
			}));
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
