package dev.latentforge.datasets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.latentforge.images.Png;

/**
 * Builds the files that uploads and readers are tested with: IDX arrays, gzip, ZIP
 * archives and small PNGs.
 */
public final class TestFiles {

	private TestFiles() {
	}

	/** An IDX file with the given type code, dimensions and data. */
	public static byte[] idx(int type, int[] dims, byte[] data) {
		ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
		buffer.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
		for (int dim : dims) {
			buffer.putInt(dim);
		}
		buffer.put(data);
		return buffer.array();
	}

	/** Unsigned-byte grey images [n, h, w] whose pixel values are (i + y + x) % 256. */
	public static byte[] idxImages(int n, int h, int w) {
		byte[] data = new byte[n * h * w];
		for (int i = 0; i < n; i++) {
			for (int p = 0; p < h * w; p++) {
				data[i * h * w + p] = (byte) (i + p / w + p % w);
			}
		}
		return idx(0x08, new int[] { n, h, w }, data);
	}

	public static byte[] idxLabels(int... labels) {
		byte[] data = new byte[labels.length];
		for (int i = 0; i < labels.length; i++) {
			data[i] = (byte) labels[i];
		}
		return idx(0x08, new int[] { labels.length }, data);
	}

	public static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** A ZIP archive of the given entries, in the map's iteration order. */
	public static byte[] zip(Map<String, byte[]> entries) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(entry.getKey()));
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/** An 8-bit grey PNG filled with one value. */
	public static byte[] greyPng(int width, int height, int value) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.getRaster().setSample(x, y, 0, value);
			}
		}
		return Png.write(image);
	}

	/** A 16-bit grey PNG filled with one value. */
	public static byte[] grey16Png(int width, int height, int value) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.getRaster().setSample(x, y, 0, value);
			}
		}
		return Png.write(image);
	}

	/** An 8-bit RGB PNG filled with one colour. */
	public static byte[] rgbPng(int width, int height, int r, int g, int b) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, (r << 16) | (g << 8) | b);
			}
		}
		return Png.write(image);
	}

	/** Shorthand for an ordered map of archive entries. */
	public static Map<String, byte[]> entries(Object... pathsAndBytes) {
		Map<String, byte[]> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pathsAndBytes.length; i += 2) {
			map.put((String) pathsAndBytes[i], (byte[]) pathsAndBytes[i + 1]);
		}
		return map;
	}

}
