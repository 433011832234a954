package dev.latentforge.web;

import java.util.LinkedHashMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Small builders for the schemas that the OpenAPI customizers write by hand. A schema's
 * type is set both as OpenAPI 3.0's {@code type} and 3.1's {@code types}: each version's
 * writer reads its own and ignores the other.
 */
final class Schemas {

	private Schemas() {
	}

	static Components components(OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		if (openApi.getComponents().getSchemas() == null) {
			openApi.getComponents().setSchemas(new LinkedHashMap<>());
		}
		return openApi.getComponents();
	}

	static Schema<Object> ref(String schemaName) {
		return new Schema<>().$ref(Components.COMPONENTS_SCHEMAS_REF + schemaName);
	}

	static Schema<Object> typed(String type, SpecVersion version) {
		Schema<Object> schema = new Schema<>();
		schema.specVersion(version);
		schema.type(type);
		schema.addType(type);
		return schema;
	}

	static Schema<Object> string(SpecVersion version) {
		return typed("string", version);
	}

}
