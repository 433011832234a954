package dev.latentforge.testing.generators;

import dev.latentforge.StorageProperties;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.datasets.DatasetCatalog;
import dev.latentforge.jobs.TrainingJobRepository;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Adds the test-only linear generator family to a service test's context (import it with
 * {@code @Import}; it is not component-scanned, so other tests and the OpenAPI document
 * never see it).
 */
@TestConfiguration(proxyBeanMethods = false)
public class GeneratorTestConfiguration {

	@Bean
	LinearGeneratorFamily linearGeneratorFamily() {
		return new LinearGeneratorFamily();
	}

	@Bean
	GeneratorModels generatorModels(CheckpointService checkpoints, TrainingJobRepository jobs, DatasetCatalog datasets,
			StorageProperties storage, JsonMapper json) {
		return new GeneratorModels(checkpoints, jobs, datasets, storage, json);
	}

}
