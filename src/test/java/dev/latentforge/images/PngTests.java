package dev.latentforge.images;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PngTests {

	@Test
	void encodesAndDecodesGreyAndRgbExactlyAt8Bits() {
		float[] grey = new float[4 * 3];
		for (int i = 0; i < grey.length; i++) {
			grey[i] = i / 11f;
		}
		Image decoded = Png.decode(Png.encode(grey, 1, 3, 4));
		assertThat(decoded.channels()).isEqualTo(1);
		assertThat(decoded.width()).isEqualTo(4);
		assertThat(decoded.height()).isEqualTo(3);
		assertThat(decoded.bitDepth()).isEqualTo(8);
		for (int i = 0; i < grey.length; i++) {
			assertThat(decoded.samples()[i]).isEqualTo(Png.toByte(grey[i]));
		}
		float[] rgb = new float[3 * 2 * 2];
		rgb[0] = 1f;
		rgb[5] = 1f;
		rgb[10] = 1f;
		Image colour = Png.decode(Png.encode(rgb, 3, 2, 2));
		assertThat(colour.channels()).isEqualTo(3);
		assertThat(colour.samples()).containsExactly(255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0);
	}

	@Test
	void aSmallFileDeclaringAHugeImageIsRefusedBeforeItsPixelsAreRead() {
		byte[] bomb = headerOnly(40_000, 40_000);
		assertThatThrownBy(() -> Png.decode(bomb)).isInstanceOf(InvalidImageException.class)
			.hasMessageContaining("40000x40000");
		assertThatThrownBy(() -> Png.decode(bomb, 28, 28)).isInstanceOf(InvalidImageException.class)
			.hasMessageContaining("expected 28x28");
	}

	@Test
	void refusesWhatIsNotAPng() {
		assertThatThrownBy(() -> Png.decode("GIF89a".getBytes())).hasMessageContaining("not a PNG");
		byte[] png = Png.encode(new float[16], 1, 4, 4);
		assertThatThrownBy(() -> Png.decode(java.util.Arrays.copyOf(png, png.length / 2)))
			.isInstanceOf(InvalidImageException.class);
	}

	/**
	 * A PNG signature and a valid IHDR chunk for a grey 8-bit image, and no pixel data.
	 */
	static byte[] headerOnly(int width, int height) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
		ByteBuffer ihdr = ByteBuffer.allocate(17);
		ihdr.put("IHDR".getBytes())
			.putInt(width)
			.putInt(height)
			.put((byte) 8)
			.put((byte) 0)
			.put((byte) 0)
			.put((byte) 0)
			.put((byte) 0);
		CRC32 crc = new CRC32();
		crc.update(ihdr.array());
		out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
		out.writeBytes(ihdr.array());
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
		return out.toByteArray();
	}

}
