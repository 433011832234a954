package dev.latentforge.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import org.junit.jupiter.api.Test;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;

import static org.assertj.core.api.Assertions.assertThat;

class PolymorphicSchemasTests {

	@Test
	void documentsEachSubtypeUnderItsNameWithTheNameAsARequiredProperty() {
		OpenAPI openApi = documentOf(Drawing.class);
		new PolymorphicSchemas(Shape.class, "kind", Map.of("square", Square.class, "circle", Circle.class))
			.customise(openApi);
		Map<String, io.swagger.v3.oas.models.media.Schema> schemas = openApi.getComponents().getSchemas();
		io.swagger.v3.oas.models.media.Schema<?> shape = schemas.get("Shape");
		assertThat(shape.getOneOf()).extracting(io.swagger.v3.oas.models.media.Schema::get$ref)
			.containsExactly("#/components/schemas/Circle", "#/components/schemas/Box");
		assertThat(shape.getDiscriminator().getPropertyName()).isEqualTo("kind");
		assertThat(shape.getDiscriminator().getMapping()).containsExactly(
				Map.entry("circle", "#/components/schemas/Circle"), Map.entry("square", "#/components/schemas/Box"));
		io.swagger.v3.oas.models.media.Schema<?> box = schemas.get("Box");
		assertThat(box.getProperties()).containsOnlyKeys("kind", "side");
		assertThat(box.getProperties().get("kind").getTypes()).containsExactly("string");
		assertThat(box.getProperties().get("kind").getEnum()).containsExactly("square");
		assertThat(box.getRequired()).containsExactly("kind", "side");
		io.swagger.v3.oas.models.media.Schema<?> drawing = schemas.get("Drawing");
		assertThat(drawing.getProperties().get("shape").get$ref()).isEqualTo("#/components/schemas/Shape");
	}

	@Test
	void applyingTwiceChangesNothing() {
		PolymorphicSchemas customizer = new PolymorphicSchemas(Shape.class, "kind",
				Map.of("square", Square.class, "circle", Circle.class));
		OpenAPI once = documentOf(Drawing.class);
		customizer.customise(once);
		OpenAPI twice = documentOf(Drawing.class);
		customizer.customise(twice);
		customizer.customise(twice);
		assertThat(twice).isEqualTo(once);
	}

	private static OpenAPI documentOf(Class<?> type) {
		OpenAPI openApi = new OpenAPI(SpecVersion.V31).components(new Components());
		SpringDocAnnotationsUtils.extractSchema(openApi.getComponents(), type, null, null, SpecVersion.V31);
		return openApi;
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
	interface Shape {

	}

	record Circle(double radius) implements Shape {
	}

	@Schema(name = "Box")
	record Square(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) double side) implements Shape {
	}

	record Drawing(List<String> tags, Shape shape) {
	}

}
