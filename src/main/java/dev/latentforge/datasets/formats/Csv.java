package dev.latentforge.datasets.formats;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses CSV as RFC 4180 describes it: UTF-8 (an optional byte-order mark is dropped),
 * comma-separated, fields optionally in double quotes with {@code ""} for a quote, LF or
 * CRLF line ends. The first row is the header; its names must be unique and non-blank,
 * and every row must have as many fields. Blank lines are skipped.
 *
 * @param header the column names
 * @param rows the rows after the header
 */
public record Csv(List<String> header, List<List<String>> rows) {

	/**
	 * Parses a CSV file.
	 * @param bytes the file
	 * @return the header and rows
	 * @throws InvalidFileException if the file is not valid CSV with a header
	 */
	public static Csv parse(byte[] bytes) {
		String text = decode(bytes);
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1);
		}
		List<List<String>> records = records(text);
		if (records.isEmpty()) {
			throw new InvalidFileException("the CSV file is empty; it needs a header row");
		}
		List<String> header = records.get(0).stream().map(String::trim).toList();
		Set<String> names = new HashSet<>();
		for (String name : header) {
			if (name.isEmpty()) {
				throw new InvalidFileException("the CSV header has a blank column name");
			}
			if (!names.add(name)) {
				throw new InvalidFileException("the CSV header names column '" + name + "' twice");
			}
		}
		List<List<String>> rows = records.subList(1, records.size());
		for (int i = 0; i < rows.size(); i++) {
			if (rows.get(i).size() != header.size()) {
				throw new InvalidFileException("CSV row " + (i + 1) + " has " + rows.get(i).size()
						+ " fields but the header has " + header.size());
			}
		}
		return new Csv(header, List.copyOf(rows));
	}

	private static String decode(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidFileException("the CSV file is not valid UTF-8");
		}
	}

	private static List<List<String>> records(String text) {
		List<List<String>> records = new ArrayList<>();
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean wasQuoted = false;
		int line = 1;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					line += (c == '\n') ? 1 : 0;
					field.append(c);
				}
			}
			else if (c == '"' && field.isEmpty() && !wasQuoted) {
				quoted = true;
				wasQuoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
				wasQuoted = false;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				endRecord(records, fields, field, wasQuoted);
				fields = new ArrayList<>();
				field.setLength(0);
				wasQuoted = false;
				line++;
			}
			else if (wasQuoted) {
				throw new InvalidFileException("CSV line " + line + ": text after a closing quote");
			}
			else {
				field.append(c);
			}
			i++;
		}
		if (quoted) {
			throw new InvalidFileException("CSV line " + line + ": a quoted field is not closed");
		}
		endRecord(records, fields, field, wasQuoted);
		return records;
	}

	private static void endRecord(List<List<String>> records, List<String> fields, StringBuilder field,
			boolean wasQuoted) {
		if (fields.isEmpty() && field.isEmpty() && !wasQuoted) {
			return;
		}
		fields.add(field.toString());
		records.add(fields);
	}

}
