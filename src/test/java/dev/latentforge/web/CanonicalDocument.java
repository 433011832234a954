package dev.latentforge.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Puts an OpenAPI document in one canonical form, so that the live document and the
 * committed one compare as data and the committed file is stable: {@code servers} (which
 * name the port) removed, every map's keys sorted, lists kept in their order, written as
 * YAML with one line per scalar. Strings are always quoted: springdoc writes some numbers
 * as strings ({@code default: "1e-8"}), which unquoted would read back as numbers.
 *
 * <p>
 * Uses the Jackson 2 YAML module that springdoc's swagger-core already brings, rather
 * than another dependency.
 */
final class CanonicalDocument {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
		.disable(YAMLGenerator.Feature.SPLIT_LINES)
		.enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
		.build();

	private CanonicalDocument() {
	}

	static Map<String, Object> fromJson(String json) throws IOException {
		return canonical(JSON.readValue(json, Object.class));
	}

	static Map<String, Object> fromYaml(String yaml) throws IOException {
		return canonical(YAML.readValue(yaml, Object.class));
	}

	static String toYaml(Map<String, Object> document) throws IOException {
		return YAML.writeValueAsString(document);
	}

	/**
	 * Where a committed document differs from the live one, as JSON pointers, at most
	 * {@code limit} of them.
	 */
	static List<String> differences(Object committed, Object live, int limit) {
		List<String> found = new ArrayList<>();
		collect("", committed, live, found, limit);
		return found;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> canonical(Object document) {
		if (!(document instanceof Map)) {
			throw new IllegalArgumentException("an OpenAPI document is a map, not " + document);
		}
		Map<String, Object> sorted = (Map<String, Object>) sortKeys(document);
		sorted.remove("servers");
		return sorted;
	}

	private static Object sortKeys(Object node) {
		if (node instanceof Map<?, ?> map) {
			TreeMap<String, Object> sorted = new TreeMap<>();
			map.forEach((key, value) -> sorted.put(String.valueOf(key), sortKeys(value)));
			return sorted;
		}
		if (node instanceof List<?> list) {
			return list.stream().map(CanonicalDocument::sortKeys).toList();
		}
		return node;
	}

	private static void collect(String path, Object committed, Object live, List<String> found, int limit) {
		if (found.size() >= limit) {
			return;
		}
		if (committed instanceof Map<?, ?> left && live instanceof Map<?, ?> right) {
			TreeSet<Object> keys = new TreeSet<>(left.keySet().stream().map(String::valueOf).toList());
			right.keySet().forEach((key) -> keys.add(String.valueOf(key)));
			for (Object key : keys) {
				String child = path + "/" + key.toString().replace("~", "~0").replace("/", "~1");
				if (!left.containsKey(key)) {
					found.add(child + " is only in the live document");
				}
				else if (!right.containsKey(key)) {
					found.add(child + " is only in the committed file");
				}
				else {
					collect(child, left.get(key), right.get(key), found, limit);
				}
			}
		}
		else if (committed instanceof List<?> left && live instanceof List<?> right && left.size() == right.size()) {
			for (int i = 0; i < left.size(); i++) {
				collect(path + "/" + i, left.get(i), right.get(i), found, limit);
			}
		}
		else if (!Objects.equals(committed, live)) {
			found.add(path + " is " + live + " live but " + committed + " in the committed file");
		}
	}

}
