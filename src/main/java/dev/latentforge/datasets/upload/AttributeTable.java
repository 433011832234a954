package dev.latentforge.datasets.upload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.latentforge.datasets.DatasetInfo.AttributeInfo;
import dev.latentforge.datasets.DatasetInfo.AttributeKind;
import dev.latentforge.datasets.formats.Csv;
import dev.latentforge.datasets.formats.InvalidFileException;
import dev.latentforge.tensors.Tensor;

/**
 * The attribute columns of an uploaded CSV. A column is numeric when every value is a
 * decimal number ({@code -1}, {@code 2.5}, {@code 1e-3}; blank, {@code NaN} and
 * {@code Infinity} are not); otherwise it is categorical, with its distinct values sorted
 * (by Unicode code point) as categories and each value stored as its category's index.
 * Optionally one column is a key (the archive path) rather than an attribute.
 */
final class AttributeTable {

	/** The key column of archive uploads. */
	static final String FILE_COLUMN = "file";

	private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

	private final List<AttributeInfo> columns;

	private final float[][] values;

	private final List<String> keys;

	private AttributeTable(List<AttributeInfo> columns, float[][] values, List<String> keys) {
		this.columns = columns;
		this.values = values;
		this.keys = keys;
	}

	/**
	 * Builds the table.
	 * @param csv the parsed CSV
	 * @param keyColumn the name of the key column, or {@code null} if rows are matched by
	 * order
	 * @return the table
	 * @throws InvalidFileException if there is no attribute column
	 */
	static AttributeTable of(Csv csv, String keyColumn) {
		int keyIndex = (keyColumn != null) ? csv.header().indexOf(keyColumn) : -1;
		List<AttributeInfo> columns = new ArrayList<>();
		List<float[]> values = new ArrayList<>();
		for (int c = 0; c < csv.header().size(); c++) {
			if (c == keyIndex) {
				continue;
			}
			int column = c;
			List<String> cells = csv.rows().stream().map((row) -> row.get(column).trim()).toList();
			float[] encoded = new float[cells.size()];
			if (!cells.isEmpty() && cells.stream().allMatch((cell) -> NUMBER.matcher(cell).matches())) {
				double min = Double.POSITIVE_INFINITY;
				double max = Double.NEGATIVE_INFINITY;
				for (int r = 0; r < cells.size(); r++) {
					encoded[r] = (float) Double.parseDouble(cells.get(r));
					min = Math.min(min, encoded[r]);
					max = Math.max(max, encoded[r]);
				}
				columns.add(new AttributeInfo(csv.header().get(c), AttributeKind.NUMERIC, null, min, max));
			}
			else {
				List<String> categories = List.copyOf(new TreeSet<>(cells));
				Map<String, Integer> codes = new HashMap<>();
				categories.forEach((category) -> codes.put(category, codes.size()));
				for (int r = 0; r < cells.size(); r++) {
					encoded[r] = codes.get(cells.get(r));
				}
				columns.add(new AttributeInfo(csv.header().get(c), AttributeKind.CATEGORICAL, categories, null, null));
			}
			values.add(encoded);
		}
		if (columns.isEmpty()) {
			throw new InvalidFileException("the CSV has no attribute columns");
		}
		List<String> keys = (keyIndex >= 0) ? csv.rows().stream().map((row) -> row.get(keyIndex).trim()).toList()
				: null;
		return new AttributeTable(columns, values.toArray(float[][]::new), keys);
	}

	List<AttributeInfo> columns() {
		return this.columns;
	}

	int rowCount() {
		return this.keys != null ? this.keys.size() : (this.values.length > 0 ? this.values[0].length : 0);
	}

	/** The key of each row, or {@code null} when rows are matched by order. */
	List<String> keys() {
		return this.keys;
	}

	/** The values of the given rows as float32 [rows, columns]. */
	Tensor rows(int[] rows) {
		float[] out = new float[rows.length * this.columns.size()];
		for (int i = 0; i < rows.length; i++) {
			for (int c = 0; c < this.columns.size(); c++) {
				out[i * this.columns.size() + c] = this.values[c][rows[i]];
			}
		}
		return Tensor.ofFloats(new int[] { rows.length, this.columns.size() }, out);
	}

	/** Rows in file order 0..n−1. */
	static int[] inOrder(int n) {
		return java.util.stream.IntStream.range(0, n).toArray();
	}

}
