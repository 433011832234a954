package dev.latentforge.datasets.formats;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import dev.latentforge.tensors.DType;
import dev.latentforge.tensors.Tensor;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzipped (detected by
 * the magic bytes {@code 1f 8b}, not by the name). Layout: two zero bytes, a type code,
 * the rank, one big-endian int32 per dimension, then the data in row-major order. Only
 * unsigned bytes (type {@code 0x08}) are supported, which is what image and label files
 * use. The data must fill the dimensions exactly; nothing is allocated on the strength of
 * the header alone.
 */
public final class Idx {

	private static final int UNSIGNED_BYTE = 0x08;

	private static final int MAX_RANK = 4;

	private Idx() {
	}

	/**
	 * One IDX array of unsigned bytes.
	 *
	 * @param dims the dimensions
	 * @param data the values in row-major order
	 */
	public record Array(int[] dims, byte[] data) {

		public int rank() {
			return this.dims.length;
		}

		/** The images as uint8 [N, C, H, W], from [N, H, W] (grey) or [N, H, W, C]. */
		public Tensor toImages() {
			if (rank() == 3) {
				return new Tensor(DType.UINT8, new int[] { dims[0], 1, dims[1], dims[2] }, this.data);
			}
			if (rank() == 4 && (dims[3] == 1 || dims[3] == 3)) {
				int n = dims[0];
				int h = dims[1];
				int w = dims[2];
				int c = dims[3];
				byte[] out = new byte[this.data.length];
				for (int i = 0; i < n; i++) {
					int base = i * h * w * c;
					for (int p = 0; p < h * w; p++) {
						for (int k = 0; k < c; k++) {
							out[base + k * h * w + p] = this.data[base + p * c + k];
						}
					}
				}
				return new Tensor(DType.UINT8, new int[] { n, c, h, w }, out);
			}
			throw new InvalidFileException("images must have rank 3 [N, H, W] or rank 4 [N, H, W, C] with C = 1 or 3; "
					+ "this file has dimensions " + Arrays.toString(this.dims));
		}

		/** The values of a rank-1 array as ints 0..255. */
		public int[] toLabels() {
			if (rank() != 1) {
				throw new InvalidFileException(
						"labels must have rank 1 [N]; this file has dimensions " + Arrays.toString(this.dims));
			}
			int[] labels = new int[this.data.length];
			for (int i = 0; i < labels.length; i++) {
				labels[i] = this.data[i] & 0xFF;
			}
			return labels;
		}

	}

	/**
	 * Reads an IDX file.
	 * @param input the file, plain or gzipped
	 * @param maxInflatedBytes the most bytes a gzipped file may inflate to
	 * @return the array
	 * @throws InvalidFileException if the file is not a usable IDX file
	 * @throws IOException if the input itself cannot be read
	 */
	public static Array read(InputStream input, long maxInflatedBytes) throws IOException {
		BufferedInputStream buffered = new BufferedInputStream(input, 1 << 16);
		buffered.mark(2);
		boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
		buffered.reset();
		if (!gzip) {
			return parse(buffered);
		}
		try {
			return parse(new LimitedInputStream(new GZIPInputStream(buffered, 1 << 16), maxInflatedBytes, "the file"));
		}
		catch (EOFException | ZipException ex) {
			throw new InvalidFileException("corrupt or truncated gzip data (" + ex.getMessage() + ")");
		}
	}

	private static Array parse(InputStream in) throws IOException {
		byte[] header = in.readNBytes(4);
		if (header.length < 4) {
			throw new InvalidFileException("not an IDX file: only " + header.length + " bytes");
		}
		if (header[0] != 0 || header[1] != 0) {
			throw new InvalidFileException(String.format("not an IDX file: bad magic %02x %02x (expected 00 00)",
					header[0] & 0xFF, header[1] & 0xFF));
		}
		int type = header[2] & 0xFF;
		if (type != UNSIGNED_BYTE) {
			throw new InvalidFileException(
					String.format("unsupported IDX type 0x%02X (%s); only unsigned bytes (0x08) are supported", type,
							typeName(type)));
		}
		int rank = header[3] & 0xFF;
		if (rank < 1 || rank > MAX_RANK) {
			throw new InvalidFileException("unsupported IDX rank " + rank + "; expected 1 to " + MAX_RANK);
		}
		byte[] dimBytes = in.readNBytes(4 * rank);
		if (dimBytes.length < 4 * rank) {
			throw new InvalidFileException("IDX header is truncated: " + rank + " dimensions announced");
		}
		int[] dims = new int[rank];
		long expected = 1;
		for (int i = 0; i < rank; i++) {
			dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
					| ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
			if (dims[i] <= 0) {
				throw new InvalidFileException("dimension " + i + " is " + dims[i] + " in " + Arrays.toString(dims));
			}
			expected *= dims[i];
			if (expected > Integer.MAX_VALUE - 16) {
				throw new InvalidFileException(
						"dimensions " + Arrays.toString(dims) + " describe more than 2 GiB, more than one array holds");
			}
		}
		// readNBytes grows its buffer as data arrives, so a lying header costs nothing.
		byte[] data = in.readNBytes((int) expected);
		if (data.length < expected) {
			throw new InvalidFileException("dimensions " + Arrays.toString(dims) + " need " + expected
					+ " bytes of data but the file holds " + data.length);
		}
		if (in.read() != -1) {
			throw new InvalidFileException(
					"the file holds more data than its dimensions " + Arrays.toString(dims) + " describe");
		}
		return new Array(dims, data);
	}

	private static String typeName(int type) {
		return switch (type) {
			case 0x09 -> "signed byte";
			case 0x0B -> "int16";
			case 0x0C -> "int32";
			case 0x0D -> "float32";
			case 0x0E -> "float64";
			default -> "unknown";
		};
	}

}
