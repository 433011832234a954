package dev.latentforge.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.web.PolymorphicSchemas;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Collects the model family beans and teaches the JSON mapper and the API document their
 * spec types.
 */
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

	/** Documents {@link ModelSpec} as one of the families' specs, chosen by its type. */
	@Bean
	PolymorphicSchemas modelSpecSchemas(ModelFamilies families) {
		Map<String, Class<?>> specs = new LinkedHashMap<>();
		families.all().forEach((family) -> specs.put(family.type(), family.specType()));
		return new PolymorphicSchemas(ModelSpec.class, "type", specs);
	}

}
