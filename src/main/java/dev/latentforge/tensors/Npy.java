package dev.latentforge.tensors;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy's {@code .npy} format (versions 1.0 to 3.0 read, 1.0 written), C
 * order only. Format: the magic {@code \x93NUMPY}, a version, a header length and a
 * Python dict literal padded so that the data starts on a 64-byte boundary.
 */
public final class Npy {

	/** The media type we serve npy arrays under. */
	public static final String MEDIA_TYPE = "application/x-npy";

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };

	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");

	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");

	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private Npy() {
	}

	public static byte[] toBytes(Tensor tensor) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(tensor.rawData().length + 128);
		try {
			write(tensor, out);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

	public static void write(Tensor tensor, OutputStream out) throws IOException {
		StringBuilder shape = new StringBuilder("(");
		int[] dims = tensor.shape();
		for (int i = 0; i < dims.length; i++) {
			shape.append(dims[i]);
			if (dims.length == 1 || i < dims.length - 1) {
				shape.append(dims.length == 1 ? "," : ", ");
			}
		}
		shape.append(')');
		String dict = "{'descr': '" + tensor.dtype().npyDescr() + "', 'fortran_order': False, 'shape': " + shape
				+ ", }";
		int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
		int padding = (64 - unpadded % 64) % 64;
		String header = dict + " ".repeat(padding) + "\n";
		if (header.length() > 0xFFFF) {
			throw new TensorFormatException("npy header too long");
		}
		out.write(MAGIC);
		out.write(1);
		out.write(0);
		out.write(header.length() & 0xFF);
		out.write((header.length() >> 8) & 0xFF);
		out.write(header.getBytes(StandardCharsets.US_ASCII));
		out.write(tensor.rawData());
	}

	public static void write(Tensor tensor, Path path) throws IOException {
		try (OutputStream out = Files.newOutputStream(path)) {
			write(tensor, out);
		}
	}

	public static Tensor read(Path path) throws IOException {
		try (InputStream in = Files.newInputStream(path)) {
			return read(in);
		}
	}

	public static Tensor read(byte[] bytes) {
		try {
			return read(new java.io.ByteArrayInputStream(bytes));
		}
		catch (IOException ex) {
			throw new TensorFormatException("unreadable npy data", ex);
		}
	}

	public static Tensor read(InputStream input) throws IOException {
		return readLeading(input, Integer.MAX_VALUE);
	}

	/**
	 * Reads at most the first {@code rows} entries along the first axis, leaving the rest
	 * of the stream unread; a preview of a large array needs no more.
	 * @param input the npy stream
	 * @param rows the most rows to read
	 * @return the leading rows (all of them when there are fewer)
	 * @throws IOException if the stream cannot be read
	 */
	public static Tensor readLeading(InputStream input, int rows) throws IOException {
		DataInputStream in = new DataInputStream(input);
		try {
			byte[] magic = new byte[MAGIC.length];
			in.readFully(magic);
			if (!java.util.Arrays.equals(magic, MAGIC)) {
				throw new TensorFormatException("not an npy file (bad magic)");
			}
			int major = in.readUnsignedByte();
			in.readUnsignedByte();
			byte[] lengthBytes = new byte[major == 1 ? 2 : 4];
			in.readFully(lengthBytes);
			long headerLength = ByteBuffer.wrap(major == 1 ? pad(lengthBytes) : lengthBytes)
				.order(ByteOrder.LITTLE_ENDIAN)
				.getInt() & 0xFFFFFFFFL;
			if (headerLength > 1 << 20) {
				throw new TensorFormatException("npy header too long: " + headerLength);
			}
			byte[] headerBytes = new byte[(int) headerLength];
			in.readFully(headerBytes);
			String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII);
			DType dtype = DType.fromNpy(find(DESCR, header, "descr"));
			if (find(FORTRAN, header, "fortran_order").equals("True")) {
				throw new TensorFormatException("Fortran-ordered npy arrays are not supported");
			}
			int[] shape = parseShape(find(SHAPE, header, "shape"));
			if (shape.length > 0 && rows < shape[0]) {
				shape[0] = Math.max(0, rows);
			}
			long bytes = Tensor.elementCount(shape) * dtype.size();
			if (bytes > Integer.MAX_VALUE - 16) {
				throw new TensorFormatException("npy array too large: " + bytes + " bytes");
			}
			byte[] data = new byte[(int) bytes];
			in.readFully(data);
			return new Tensor(dtype, shape, data);
		}
		catch (EOFException ex) {
			throw new TensorFormatException("truncated npy data", ex);
		}
	}

	private static byte[] pad(byte[] twoBytes) {
		return new byte[] { twoBytes[0], twoBytes[1], 0, 0 };
	}

	private static String find(Pattern pattern, String header, String key) {
		Matcher matcher = pattern.matcher(header);
		if (!matcher.find()) {
			throw new TensorFormatException("npy header lacks '" + key + "': " + header.trim());
		}
		return matcher.group(1);
	}

	private static int[] parseShape(String text) {
		List<Integer> dims = new ArrayList<>();
		for (String part : text.split(",")) {
			String trimmed = part.trim();
			if (!trimmed.isEmpty()) {
				try {
					dims.add(Integer.parseInt(trimmed.replace("L", "")));
				}
				catch (NumberFormatException ex) {
					throw new TensorFormatException("bad npy shape: (" + text + ")");
				}
			}
		}
		return dims.stream().mapToInt(Integer::intValue).toArray();
	}

}
