package dev.latentforge.tensors;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** npy, npz and safetensors round-trip exactly and refuse malformed input. */
class TensorFormatsTests {

	static Tensor sample() {
		return Tensor.ofFloats(new int[] { 2, 3 }, new float[] { 1f, -2.5f, Float.MIN_VALUE, 3e30f, 0f, -0f });
	}

	@Test
	void npyRoundTripsAndAlignsItsHeader() {
		byte[] bytes = Npy.toBytes(sample());
		assertThat(Npy.read(bytes)).isEqualTo(sample());
		int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
		assertThat((10 + headerLength) % 64).isZero();
		String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
		assertThat(header).contains("'descr': '<f4'", "'fortran_order': False", "'shape': (2, 3)");
		assertThat(Npy.read(Npy.toBytes(Tensor.ofInts(new int[] { 1 }, new int[] { 7 }))).toIntArray())
			.containsExactly(7);
	}

	@Test
	void npyRefusesWhatItCannotRead() {
		assertThatThrownBy(() -> Npy.read("not numpy".getBytes())).isInstanceOf(TensorFormatException.class);
		byte[] truncated = java.util.Arrays.copyOf(Npy.toBytes(sample()), 70);
		assertThatThrownBy(() -> Npy.read(truncated)).hasMessageContaining("truncated");
		String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (1073741824, 1073741824), }";
		byte[] huge = npyWithHeader(dict);
		assertThatThrownBy(() -> Npy.read(huge)).isInstanceOf(TensorFormatException.class);
		assertThatThrownBy(() -> Npy.read(npyWithHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }")))
			.hasMessageContaining("unsupported npy dtype");
		assertThatThrownBy(() -> Npy.read(npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }")))
			.hasMessageContaining("Fortran");
	}

	@Test
	void npzAndSafetensorsRoundTripInOrderAndDeterministically() throws Exception {
		Map<String, Tensor> tensors = new LinkedHashMap<>();
		tensors.put("encoder.0.weight", sample());
		tensors.put("encoder.0.bias", Tensor.ofFloats(new int[] { 3 }, new float[] { 1, 2, 3 }));
		assertThat(Npz.read(new ByteArrayInputStream(Npz.toBytes(tensors)))).containsExactlyEntriesOf(tensors);
		assertThat(Npz.toBytes(tensors)).isEqualTo(Npz.toBytes(tensors));
		byte[] st = Safetensors.toBytes(tensors, Map.of("format", "test"));
		Safetensors.Contents read = Safetensors.read(st);
		assertThat(read.tensors()).containsExactlyEntriesOf(tensors);
		assertThat(read.metadata()).containsEntry("format", "test");
		long headerLength = ByteBuffer.wrap(st, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		assertThat(headerLength % 8).isZero();
		assertThat(new String(st, 8, (int) headerLength, StandardCharsets.UTF_8))
			.contains("\"encoder.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}");
	}

	@Test
	void safetensorsRefusesRangesOutsideTheFile() {
		byte[] st = Safetensors.toBytes(Map.of("w", sample()), Map.of());
		byte[] cut = java.util.Arrays.copyOf(st, st.length - 4);
		assertThatThrownBy(() -> Safetensors.read(cut)).isInstanceOf(TensorFormatException.class);
		assertThatThrownBy(() -> Safetensors.read(new byte[4])).isInstanceOf(TensorFormatException.class);
	}

	static byte[] npyWithHeader(String dict) {
		int total = 10 + dict.length() + 1;
		String header = dict + " ".repeat((64 - total % 64) % 64) + "\n";
		ByteBuffer out = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
		out.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 });
		out.putShort((short) header.length());
		out.put(header.getBytes(StandardCharsets.US_ASCII));
		return out.array();
	}

}
