package dev.latentforge.datasets;

import tools.jackson.databind.json.JsonMapper;

/**
 * Converts {@link DatasetInfo} to and from the compact JSON kept in the {@code info}
 * column.
 */
final class DatasetJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private DatasetJson() {
	}

	static String write(DatasetInfo info) {
		return JSON.writeValueAsString(info);
	}

	static DatasetInfo read(String json) {
		return JSON.readValue(json, DatasetInfo.class);
	}

}
