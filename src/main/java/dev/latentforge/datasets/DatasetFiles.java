package dev.latentforge.datasets;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.latentforge.files.DurableFiles;
import dev.latentforge.files.Hashes;
import dev.latentforge.tensors.DType;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The on-disk layout of a data set, shared by the service and the workers. A data set is
 * a directory holding {@code dataset.json} ({@link DatasetInfo}) and, per split
 * {@code s}:
 * <ul>
 * <li>{@code s-images.npy}: uint8 or uint16 [N, C, H, W] for images, float32 [N, d] for
 * points;</li>
 * <li>{@code s-labels.npy}: int32 [N], class indices (labelled sets only);</li>
 * <li>{@code s-attributes.npy}: float32 [N, A], numeric values or category codes (only
 * when the set has attributes).</li>
 * </ul>
 * A directory is written under a temporary name, flushed to disk and renamed, so a reader
 * never sees half a data set. The sha256 covers the data files of all splits in name
 * order.
 */
public final class DatasetFiles {

	public static final String INFO_FILE = "dataset.json";

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private DatasetFiles() {
	}

	/**
	 * The arrays of one split.
	 *
	 * @param images the images or points
	 * @param labels class indices, or {@code null} when unlabelled
	 * @param attributes attribute values [N, A], or {@code null} when the set has none
	 */
	public record SplitData(Tensor images, int[] labels, Tensor attributes) {

		public int count() {
			return this.images.dim(0);
		}

	}

	public static DatasetInfo readInfo(Path dir) {
		try {
			return JSON.readValue(dir.resolve(INFO_FILE).toFile(), DatasetInfo.class);
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new UncheckedIOException(new IOException("unreadable " + dir.resolve(INFO_FILE), ex));
		}
	}

	public static SplitData readSplit(Path dir, String split) throws IOException {
		Tensor images = Npy.read(dir.resolve(split + "-images.npy"));
		Path labelsFile = dir.resolve(split + "-labels.npy");
		int[] labels = Files.exists(labelsFile) ? Npy.read(labelsFile).toIntArray() : null;
		Path attributesFile = dir.resolve(split + "-attributes.npy");
		Tensor attributes = Files.exists(attributesFile) ? Npy.read(attributesFile) : null;
		return new SplitData(images, labels, attributes);
	}

	/**
	 * Writes a complete data set to {@code target}, which must not exist yet.
	 * @param target the final directory
	 * @param info the metadata; its sha256, size and split counts are filled in here
	 * @param splits the arrays by split name
	 * @return the metadata as written
	 * @throws IOException if writing fails; nothing is left at {@code target} then
	 */
	public static DatasetInfo write(Path target, DatasetInfo info, Map<String, SplitData> splits) throws IOException {
		Files.createDirectories(target.getParent());
		if (Files.exists(target)) {
			// A rename would silently replace an empty directory.
			throw new FileAlreadyExistsException(target.toString());
		}
		Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
		Files.createDirectories(temp);
		try {
			MessageDigest digest = Hashes.sha256();
			long size = 0;
			Map<String, DatasetInfo.SplitInfo> splitInfos = new LinkedHashMap<>();
			for (Map.Entry<String, SplitData> entry : new TreeMap<>(splits).entrySet()) {
				String split = entry.getKey();
				SplitData data = entry.getValue();
				validate(info, split, data);
				size += writeArray(temp.resolve(split + "-images.npy"), data.images(), digest);
				if (data.labels() != null) {
					size += writeArray(temp.resolve(split + "-labels.npy"),
							Tensor.ofInts(new int[] { data.labels().length }, data.labels()), digest);
				}
				if (data.attributes() != null) {
					size += writeArray(temp.resolve(split + "-attributes.npy"), data.attributes(), digest);
				}
				splitInfos.put(split, new DatasetInfo.SplitInfo(data.count(), classCounts(info, data)));
			}
			Map<String, DatasetInfo.SplitInfo> ordered = new LinkedHashMap<>();
			for (String name : List.of("train", "test")) {
				if (splitInfos.containsKey(name)) {
					ordered.put(name, splitInfos.remove(name));
				}
			}
			ordered.putAll(splitInfos);
			String sha256 = HexFormat.of().formatHex(digest.digest());
			// sizeBytes includes dataset.json itself, whose length depends on sizeBytes:
			// iterate until the number of digits settles (at most a few rounds).
			long total = size;
			DatasetInfo written;
			byte[] json;
			while (true) {
				written = new DatasetInfo(info.id(), info.name(), info.kind(), info.builtin(), info.channels(),
						info.height(), info.width(), info.bitDepth(), info.classes(), info.attributes(), ordered,
						sha256, info.version(), total, info.createdAt());
				json = JSON.writeValueAsBytes(written);
				if (size + json.length == total) {
					break;
				}
				total = size + json.length;
			}
			DurableFiles.write(temp.resolve(INFO_FILE), json);
			DurableFiles.publish(temp, target);
			return written;
		}
		finally {
			DurableFiles.deleteRecursively(temp);
		}
	}

	/**
	 * Computes the sha256 of a stored data set's data files the way {@link #write} does.
	 */
	public static String computeSha256(Path dir, DatasetInfo info) throws IOException {
		MessageDigest digest = Hashes.sha256();
		for (String split : new TreeMap<>(info.splits()).keySet()) {
			for (String suffix : List.of("-images.npy", "-labels.npy", "-attributes.npy")) {
				Path file = dir.resolve(split + suffix);
				if (Files.exists(file)) {
					try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
						in.transferTo(java.io.OutputStream.nullOutputStream());
					}
				}
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static void validate(DatasetInfo info, String split, SplitData data) {
		Tensor images = data.images();
		int n = images.dim(0);
		if (info.kind() == DatasetInfo.DatasetKind.IMAGES) {
			DType expected = info.bitDepth() == 16 ? DType.UINT16 : DType.UINT8;
			if (images.dtype() != expected || images.rank() != 4 || images.dim(1) != info.channels()
					|| images.dim(2) != info.height() || images.dim(3) != info.width()) {
				throw new IllegalArgumentException("split " + split + ": images " + images + " do not match "
						+ info.channels() + "x" + info.height() + "x" + info.width() + " " + expected);
			}
		}
		else if (images.dtype() != DType.FLOAT32 || images.rank() != 2 || images.dim(1) != info.width()) {
			throw new IllegalArgumentException(
					"split " + split + ": points " + images + " must be float32 [N, " + info.width() + "]");
		}
		if (data.labels() != null) {
			if (data.labels().length != n) {
				throw new IllegalArgumentException(
						"split " + split + ": " + data.labels().length + " labels for " + n + " examples");
			}
			for (int label : data.labels()) {
				if (label < 0 || label >= info.classes().size()) {
					throw new IllegalArgumentException(
							"split " + split + ": label " + label + " outside 0.." + (info.classes().size() - 1));
				}
			}
		}
		if (data.attributes() != null && (data.attributes().rank() != 2 || data.attributes().dim(0) != n
				|| data.attributes().dim(1) != info.attributes().size())) {
			throw new IllegalArgumentException("split " + split + ": attributes " + data.attributes() + " do not match "
					+ n + " examples x " + info.attributes().size() + " columns");
		}
	}

	private static List<Integer> classCounts(DatasetInfo info, SplitData data) {
		if (data.labels() == null) {
			return List.of();
		}
		int[] counts = new int[info.classes().size()];
		for (int label : data.labels()) {
			counts[label]++;
		}
		return java.util.Arrays.stream(counts).boxed().toList();
	}

	private static long writeArray(Path file, Tensor tensor, MessageDigest digest) throws IOException {
		// Streamed: a copy of a large array in memory would double the peak use.
		try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), digest)) {
			Npy.write(tensor, out);
		}
		DurableFiles.fsync(file);
		return Files.size(file);
	}

}
