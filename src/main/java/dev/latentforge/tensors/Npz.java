package dev.latentforge.tensors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npz} archives: a ZIP with one {@code name.npy} entry
 * per array, as {@code numpy.savez} writes and {@code numpy.load} reads. Entries carry a
 * fixed timestamp so that the same arrays always give the same bytes.
 */
public final class Npz {

	public static final String MEDIA_TYPE = "application/x-npz";

	private static final FileTime FIXED_TIME = FileTime.fromMillis(315532800000L); // 1980-01-01

	private Npz() {
	}

	public static byte[] toBytes(Map<String, Tensor> arrays) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			write(arrays, out);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

	public static void write(Map<String, Tensor> arrays, OutputStream out) throws IOException {
		ZipOutputStream zip = new ZipOutputStream(out);
		for (Map.Entry<String, Tensor> entry : arrays.entrySet()) {
			ZipEntry zipEntry = new ZipEntry(entry.getKey() + ".npy");
			zipEntry.setLastModifiedTime(FIXED_TIME);
			zip.putNextEntry(zipEntry);
			Npy.write(entry.getValue(), zip);
			zip.closeEntry();
		}
		zip.finish();
	}

	public static Map<String, Tensor> read(Path path) throws IOException {
		try (InputStream in = Files.newInputStream(path)) {
			return read(in);
		}
	}

	public static Map<String, Tensor> read(InputStream in) throws IOException {
		Map<String, Tensor> arrays = new LinkedHashMap<>();
		ZipInputStream zip = new ZipInputStream(in);
		ZipEntry entry;
		while ((entry = zip.getNextEntry()) != null) {
			String name = entry.getName();
			if (!name.endsWith(".npy")) {
				throw new TensorFormatException("npz entry is not an npy file: " + name);
			}
			arrays.put(name.substring(0, name.length() - 4), Npy.read(zip));
		}
		return arrays;
	}

}
