package dev.latentforge.tensors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON
 * header naming each tensor's dtype, shape and byte range (plus an optional string map
 * under {@code __metadata__}), then the raw little-endian data. Tensors are written in
 * the map's order and the header is padded with spaces to an 8-byte boundary, so output
 * is deterministic.
 */
public final class Safetensors {

	public static final String MEDIA_TYPE = "application/vnd.safetensors";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Safetensors() {
	}

	/** Tensors and metadata read from one safetensors file. */
	public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
	}

	public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			write(tensors, metadata, out);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

	public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
			throws IOException {
		StringBuilder header = new StringBuilder("{");
		boolean first = true;
		if (metadata != null && !metadata.isEmpty()) {
			header.append("\"__metadata__\":{");
			boolean firstMeta = true;
			for (Map.Entry<String, String> entry : metadata.entrySet()) {
				header.append(firstMeta ? "" : ",")
					.append(quote(entry.getKey()))
					.append(':')
					.append(quote(entry.getValue()));
				firstMeta = false;
			}
			header.append('}');
			first = false;
		}
		long offset = 0;
		for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
			Tensor tensor = entry.getValue();
			long end = offset + tensor.rawData().length;
			header.append(first ? "" : ",").append(quote(entry.getKey())).append(":{\"dtype\":\"");
			header.append(tensor.dtype().safetensorsName()).append("\",\"shape\":[");
			int[] shape = tensor.shape();
			for (int i = 0; i < shape.length; i++) {
				header.append(i == 0 ? "" : ",").append(shape[i]);
			}
			header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
			offset = end;
			first = false;
		}
		header.append('}');
		byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
		int padding = (8 - headerBytes.length % 8) % 8;
		ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		length.putLong(headerBytes.length + padding);
		out.write(length.array());
		out.write(headerBytes);
		out.write(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
		for (Tensor tensor : tensors.values()) {
			out.write(tensor.rawData());
		}
	}

	public static Contents read(Path path) throws IOException {
		return read(Files.readAllBytes(path));
	}

	public static Contents read(byte[] bytes) {
		if (bytes.length < 8) {
			throw new TensorFormatException("safetensors file too short");
		}
		long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		if (headerLength < 2 || headerLength > bytes.length - 8L) {
			throw new TensorFormatException("bad safetensors header length " + headerLength);
		}
		JsonNode header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
		int dataStart = 8 + (int) headerLength;
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		Map<String, String> metadata = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : header.properties()) {
			if (field.getKey().equals("__metadata__")) {
				field.getValue().properties().forEach((e) -> metadata.put(e.getKey(), e.getValue().asString()));
				continue;
			}
			JsonNode spec = field.getValue();
			DType dtype = DType.fromSafetensors(spec.get("dtype").asString());
			JsonNode shapeNode = spec.get("shape");
			int[] shape = new int[shapeNode.size()];
			for (int i = 0; i < shape.length; i++) {
				shape[i] = shapeNode.get(i).asInt();
			}
			long begin = spec.get("data_offsets").get(0).asLong();
			long end = spec.get("data_offsets").get(1).asLong();
			if (begin < 0 || end < begin || dataStart + end > bytes.length) {
				throw new TensorFormatException("tensor '" + field.getKey() + "' lies outside the file");
			}
			byte[] data = java.util.Arrays.copyOfRange(bytes, dataStart + (int) begin, dataStart + (int) end);
			tensors.put(field.getKey(), new Tensor(dtype, shape, data));
		}
		return new Contents(tensors, metadata);
	}

	private static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

}
