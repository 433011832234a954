package dev.latentforge.datasets.formats;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a ZIP archive's files into memory, never onto the file system: entry names are
 * only ever compared and sorted, so a hostile name cannot write anywhere. Still, an
 * archive with a name that would escape its root ({@code ../x}, an absolute path, a
 * backslash, a drive letter) is refused outright, as are archives with more entries than
 * allowed or that inflate past a limit (counted while inflating; the sizes in the headers
 * are not trusted). Directories, {@code __MACOSX/} and dot files are skipped.
 */
public final class ZipArchive {

	private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

	private ZipArchive() {
	}

	/**
	 * One file of an archive.
	 *
	 * @param path the entry's name, checked by {@link #checkName}
	 * @param bytes its inflated content
	 */
	public record Entry(String path, byte[] bytes) {
	}

	/**
	 * Reads the files of an archive, in archive order.
	 * @param input the archive
	 * @param maxEntries the most entries (of any kind) the archive may have
	 * @param maxInflatedBytes the most bytes all entries may inflate to together
	 * @return the files that are not skipped
	 * @throws InvalidFileException if the archive is corrupt, hostile or over a limit
	 * @throws IOException if the input itself cannot be read
	 */
	public static List<Entry> read(InputStream input, int maxEntries, long maxInflatedBytes) throws IOException {
		BufferedInputStream buffered = new BufferedInputStream(input, 1 << 16);
		buffered.mark(4);
		byte[] magic = buffered.readNBytes(4);
		buffered.reset();
		if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K'
				|| !((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))) {
			throw new InvalidFileException("not a ZIP archive (bad signature)");
		}
		List<Entry> entries = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		long inflated = 0;
		int count = 0;
		byte[] buffer = new byte[1 << 16];
		try (ZipInputStream zip = new ZipInputStream(buffered)) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				if (++count > maxEntries) {
					throw new InvalidFileException("the archive has more than " + maxEntries + " entries");
				}
				String name = entry.getName();
				checkName(name);
				if (!seen.add(name)) {
					throw new InvalidFileException("the archive holds '" + name + "' twice");
				}
				boolean skip = entry.isDirectory() || skipped(name);
				ByteArrayOutputStream content = skip ? null : new ByteArrayOutputStream();
				int n;
				while ((n = zip.read(buffer)) > 0) {
					inflated += n;
					if (inflated > maxInflatedBytes) {
						throw new InvalidFileException(
								"the archive inflates to more than the limit of " + maxInflatedBytes + " bytes");
					}
					if (content != null) {
						if (content.size() > Integer.MAX_VALUE - 16 - n) {
							throw new InvalidFileException("entry '" + name + "' is larger than 2 GiB");
						}
						content.write(buffer, 0, n);
					}
				}
				if (content != null) {
					entries.add(new Entry(name, content.toByteArray()));
				}
			}
		}
		catch (ZipException | EOFException | IllegalArgumentException ex) {
			// IllegalArgumentException: an entry name that is not valid UTF-8.
			throw new InvalidFileException("corrupt ZIP archive (" + ex.getMessage() + ")");
		}
		return entries;
	}

	/**
	 * Refuses names that would leave the archive's root if extracted.
	 * @param name an entry name
	 * @throws InvalidFileException if the name is absolute, has a backslash, a drive
	 * letter, an empty, {@code .} or {@code ..} segment, or a control character
	 */
	public static void checkName(String name) {
		String reason = null;
		if (name.isEmpty()) {
			reason = "is empty";
		}
		else if (name.indexOf('\\') >= 0) {
			reason = "contains a backslash";
		}
		else if (name.startsWith("/")) {
			reason = "is an absolute path";
		}
		else if (DRIVE.matcher(name).matches()) {
			reason = "starts with a drive letter";
		}
		else if (name.chars().anyMatch((c) -> c < 0x20 || c == 0x7F)) {
			reason = "contains a control character";
		}
		else {
			String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
			for (String segment : trimmed.split("/", -1)) {
				if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
					reason = "has a path outside the archive's root";
					break;
				}
			}
		}
		if (reason != null) {
			throw new InvalidFileException("entry '" + printable(name) + "' " + reason);
		}
	}

	/**
	 * Whether an entry is metadata that archivers add: {@code __MACOSX/} or dot files.
	 */
	public static boolean skipped(String name) {
		for (String segment : name.split("/")) {
			if (segment.equals("__MACOSX") || segment.startsWith(".")) {
				return true;
			}
		}
		return false;
	}

	private static String printable(String name) {
		StringBuilder out = new StringBuilder();
		name.codePoints()
			.limit(200)
			.forEach((c) -> out.append(c < 0x20 || c == 0x7F ? "?" : new String(Character.toChars(c))));
		return out.toString();
	}

}
