package dev.latentforge.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;

/**
 * Documents a type that Jackson reads by a type-name property: the base type's schema
 * becomes a {@code oneOf} of its subtypes' schemas with a {@code discriminator} and its
 * {@code mapping}, and each subtype's schema gains the property as a required string
 * whose one allowed value is the subtype's name.
 *
 * <p>
 * springdoc reads schemas through swagger-core's Jackson 2 mapper, which never sees the
 * subtypes registered on the service's Jackson 3 mapper; the subtypes are therefore given
 * here at runtime, from the same registry that teaches the JSON mapper.
 */
public class PolymorphicSchemas implements OpenApiCustomizer {

	private final Class<?> baseType;

	private final String property;

	private final Map<String, Class<?>> subtypes;

	/**
	 * Creates the customizer.
	 * @param baseType the type whose schema lists the subtypes
	 * @param property the JSON property that names the subtype
	 * @param subtypes the subtypes by name
	 */
	public PolymorphicSchemas(Class<?> baseType, String property, Map<String, ? extends Class<?>> subtypes) {
		this.baseType = baseType;
		this.property = property;
		this.subtypes = new TreeMap<>(subtypes);
	}

	@Override
	public void customise(OpenAPI openApi) {
		Components components = Schemas.components(openApi);
		SpecVersion version = openApi.getSpecVersion();
		String baseName = schemaName(components, this.baseType, version);
		Discriminator discriminator = new Discriminator().propertyName(this.property);
		List<Schema> oneOf = new ArrayList<>();
		this.subtypes.forEach((name, type) -> {
			String schemaName = schemaName(components, type, version);
			addNameProperty(components.getSchemas().get(schemaName), name, version);
			oneOf.add(Schemas.ref(schemaName));
			discriminator.mapping(name, Schemas.ref(schemaName).get$ref());
		});
		Schema<?> base = components.getSchemas().get(baseName);
		Schema<Object> composed = new Schema<>();
		composed.specVersion(version);
		composed.description((base != null && base.getDescription() != null) ? base.getDescription()
				: "One of " + String.join(", ", this.subtypes.keySet()) + ", chosen by " + this.property);
		composed.oneOf(oneOf).discriminator(discriminator);
		components.addSchemas(baseName, composed);
	}

	private void addNameProperty(Schema<?> schema, String name, SpecVersion version) {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put(this.property, Schemas.string(version)._enum(List.<Object>of(name)));
		if (schema.getProperties() != null) {
			schema.getProperties().forEach(properties::putIfAbsent);
		}
		schema.setProperties(properties);
		List<String> required = new ArrayList<>(List.of(this.property));
		if (schema.getRequired() != null) {
			schema.getRequired().stream().filter((each) -> !each.equals(this.property)).forEach(required::add);
		}
		schema.setRequired(required);
	}

	/**
	 * Resolves a type into the components (if it is not there yet) and names its schema.
	 */
	private static String schemaName(Components components, Class<?> type, SpecVersion version) {
		Schema<?> schema = SpringDocAnnotationsUtils.extractSchema(components, type, null, null, version);
		String ref = (schema != null) ? schema.get$ref() : null;
		if (ref == null || !ref.startsWith(Components.COMPONENTS_SCHEMAS_REF)) {
			throw new IllegalStateException(type.getName() + " does not resolve to a named schema");
		}
		return ref.substring(Components.COMPONENTS_SCHEMAS_REF.length());
	}

}
