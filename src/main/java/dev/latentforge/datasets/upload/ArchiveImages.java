package dev.latentforge.datasets.upload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import dev.latentforge.datasets.formats.InvalidFileException;
import dev.latentforge.datasets.formats.ZipArchive;
import dev.latentforge.images.Image;
import dev.latentforge.images.InvalidImageException;
import dev.latentforge.images.Png;
import dev.latentforge.tensors.DType;
import dev.latentforge.tensors.Tensor;

/**
 * Lays out the PNGs of an uploaded archive as a data set. Accepted layouts:
 * <ul>
 * <li>{@code a.png, b.png}: unlabelled images;</li>
 * <li>{@code cat/a.png, dog/b.png}: one folder per class, the folder name being the class
 * name, classes sorted by name (Unicode code point order);</li>
 * <li>either of these under top-level {@code train/} and {@code test/} folders, which
 * then become the splits ({@code test/} is optional). Top-level folders named exactly
 * {@code train} (and {@code test}) therefore always mean splits, never classes.</li>
 * </ul>
 * Images are ordered by archive path within each split. All must share size, channels and
 * bit depth; 16-bit images are stored as uint16.
 *
 * @param classes the class names, empty when unlabelled
 * @param splits the examples by split name ({@code train}, optionally {@code test})
 * @param bitDepth 8 or 16
 */
record ArchiveImages(List<String> classes, Map<String, Examples> splits, int bitDepth) {

	/**
	 * Lays out and decodes an archive's entries.
	 * @param entries the archive's files (skipped entries already removed)
	 * @return the data set
	 * @throws InvalidFileException if the layout or an image is not usable
	 */
	static ArchiveImages of(List<ZipArchive.Entry> entries) {
		if (entries.isEmpty()) {
			throw new InvalidFileException("the archive holds no PNG images");
		}
		for (ZipArchive.Entry entry : entries) {
			if (!entry.path().toLowerCase(Locale.ROOT).endsWith(".png")) {
				throw new InvalidFileException("entry '" + entry.path()
						+ "' is not a .png file; archives hold only PNG images (dot files and __MACOSX/ are ignored)");
			}
		}
		boolean splitLayout = entries.stream().allMatch((entry) -> {
			String top = entry.path().split("/")[0];
			return entry.path().contains("/") && (top.equals("train") || top.equals("test"));
		}) && entries.stream().anyMatch((entry) -> entry.path().startsWith("train/"));
		Map<String, List<ZipArchive.Entry>> bySplit = new LinkedHashMap<>();
		bySplit.put("train", new ArrayList<>());
		for (ZipArchive.Entry entry : entries) {
			String split = splitLayout ? entry.path().substring(0, entry.path().indexOf('/')) : "train";
			bySplit.computeIfAbsent(split, (key) -> new ArrayList<>()).add(entry);
		}
		Boolean labelled = null;
		TreeSet<String> classNames = new TreeSet<>();
		for (ZipArchive.Entry entry : entries) {
			String[] segments = inSplit(entry.path(), splitLayout).split("/");
			if (segments.length > 2) {
				throw new InvalidFileException("entry '" + entry.path()
						+ "' is nested too deep; put images at the top level or in one folder per class"
						+ (splitLayout ? " inside train/ and test/" : ""));
			}
			boolean inFolder = segments.length == 2;
			if (labelled != null && labelled != inFolder) {
				throw new InvalidFileException(
						"the archive mixes images at the top level with images in class folders (e.g. '" + entry.path()
								+ "')");
			}
			labelled = inFolder;
			if (inFolder) {
				classNames.add(segments[0]);
			}
		}
		List<String> classes = List.copyOf(classNames);
		Decoder decoder = new Decoder();
		Map<String, Examples> splits = new LinkedHashMap<>();
		for (Map.Entry<String, List<ZipArchive.Entry>> split : bySplit.entrySet()) {
			List<ZipArchive.Entry> sorted = new ArrayList<>(split.getValue());
			sorted.sort(Comparator.comparing(ZipArchive.Entry::path));
			splits.put(split.getKey(), decoder.decode(sorted, classes, splitLayout));
		}
		return new ArchiveImages(classes, splits, decoder.first.bitDepth());
	}

	private static String inSplit(String path, boolean splitLayout) {
		return splitLayout ? path.substring(path.indexOf('/') + 1) : path;
	}

	/** Decodes PNGs into one array, checking that they all agree with the first. */
	private static final class Decoder {

		private Image first;

		private String firstPath;

		Examples decode(List<ZipArchive.Entry> entries, List<String> classes, boolean splitLayout) {
			int[] labels = classes.isEmpty() ? null : new int[entries.size()];
			Map<String, Integer> classIndex = new java.util.HashMap<>();
			classes.forEach((name) -> classIndex.put(name, classIndex.size()));
			byte[] bytes = null;
			short[] shorts = null;
			int size = 0;
			for (int i = 0; i < entries.size(); i++) {
				ZipArchive.Entry entry = entries.get(i);
				Image image;
				try {
					image = Png.decode(entry.bytes());
				}
				catch (InvalidImageException ex) {
					throw new InvalidFileException("entry '" + entry.path() + "': " + ex.getMessage());
				}
				if (this.first == null) {
					this.first = image;
					this.firstPath = entry.path();
				}
				else if (image.channels() != this.first.channels() || image.height() != this.first.height()
						|| image.width() != this.first.width() || image.bitDepth() != this.first.bitDepth()) {
					throw new InvalidFileException(
							"'" + entry.path() + "' is " + image.describe() + " but '" + this.firstPath + "' is "
									+ this.first.describe() + "; all images must share size, channels and bit depth");
				}
				if (bytes == null && shorts == null) {
					size = image.samples().length;
					long total = (long) size * entries.size() * (image.bitDepth() / 8);
					if (total > Integer.MAX_VALUE - 16) {
						throw new InvalidFileException(
								"the images take " + total + " bytes decoded, more than the 2 GiB one array holds");
					}
					if (image.bitDepth() == 16) {
						shorts = new short[size * entries.size()];
					}
					else {
						bytes = new byte[size * entries.size()];
					}
				}
				int[] samples = image.samples();
				for (int s = 0; s < size; s++) {
					if (shorts != null) {
						shorts[i * size + s] = (short) samples[s];
					}
					else {
						bytes[i * size + s] = (byte) samples[s];
					}
				}
				if (labels != null) {
					labels[i] = classIndex.get(inSplit(entry.path(), splitLayout).split("/")[0]);
				}
			}
			if (entries.isEmpty()) {
				return null;
			}
			int[] shape = { entries.size(), this.first.channels(), this.first.height(), this.first.width() };
			// No defensive copy of what may be a large array.
			Tensor images = (shorts != null) ? Tensor.ofUint16(shape, shorts) : new Tensor(DType.UINT8, shape, bytes);
			return new Examples(images, labels, null, entries.stream().map(ZipArchive.Entry::path).toList());
		}

	}

}
