package dev.latentforge.models;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry of model families: built from Spring's beans in the service and from
 * {@link ServiceLoader} in the worker; both must find the same set (a test checks it). It
 * also builds the JSON mapper that knows every family's spec type.
 */
public final class ModelFamilies {

	private final Map<String, ModelFamily> byType = new LinkedHashMap<>();

	public ModelFamilies(Collection<? extends ModelFamily> families) {
		for (ModelFamily family : families) {
			ModelFamily previous = this.byType.put(family.type(), family);
			if (previous != null) {
				throw new IllegalStateException("two model families claim type '" + family.type() + "': "
						+ previous.getClass().getName() + " and " + family.getClass().getName());
			}
		}
	}

	/**
	 * The families listed in {@code META-INF/services}, for code that runs without
	 * Spring.
	 */
	public static ModelFamilies discover() {
		return new ModelFamilies(
				ServiceLoader.load(ModelFamily.class).stream().map(ServiceLoader.Provider::get).toList());
	}

	public Optional<ModelFamily> find(String type) {
		return Optional.ofNullable(this.byType.get(type));
	}

	public ModelFamily require(String type) {
		return find(type).orElseThrow(() -> new IllegalArgumentException("unknown model type '" + type + "'"));
	}

	public ModelFamily of(ModelSpec spec) {
		return this.byType.values()
			.stream()
			.filter((family) -> family.specType().isInstance(spec))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no family for " + spec.getClass().getName()));
	}

	public List<ModelFamily> all() {
		return List.copyOf(this.byType.values());
	}

	/** The spec types under their type names, for JSON (de)serialisation. */
	public NamedType[] namedTypes() {
		return this.byType.values()
			.stream()
			.map((family) -> new NamedType(family.specType(), family.type()))
			.toArray(NamedType[]::new);
	}

	/**
	 * A JSON mapper for code without Spring that reads and writes every family's spec.
	 */
	public JsonMapper jsonMapper() {
		return JsonMapper.builder().registerSubtypes(namedTypes()).build();
	}

}
