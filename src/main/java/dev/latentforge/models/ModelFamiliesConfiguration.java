package dev.latentforge.models;

import java.util.List;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Collects the model family beans and teaches the JSON mapper their spec types. */
@Configuration(proxyBeanMethods = false)
class ModelFamiliesConfiguration {

	@Bean
	ModelFamilies modelFamilies(List<ModelFamily> families) {
		return new ModelFamilies(families);
	}

	@Bean
	JsonMapperBuilderCustomizer modelSpecTypes(List<ModelFamily> families) {
		ModelFamilies registry = new ModelFamilies(families);
		return (builder) -> builder.registerSubtypes(registry.namedTypes());
	}

}
