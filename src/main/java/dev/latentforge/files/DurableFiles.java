package dev.latentforge.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes a directory written under a temporary name appear under its final name all at
 * once, and durably: data sets and checkpoints are both written this way, so a reader (or
 * a node restarted after a crash) sees a whole directory or none.
 */
public final class DurableFiles {

	private DurableFiles() {
	}

	/** Writes a file and flushes it to the device. */
	public static void write(Path file, byte[] bytes) throws IOException {
		Files.write(file, bytes);
		fsync(file);
	}

	/** Flushes a file's content to the device. */
	public static void fsync(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.force(true);
		}
	}

	/**
	 * Flushes a directory's entries (renames) to the device, where the file system allows
	 * it.
	 */
	public static void fsyncDirectory(Path dir) {
		try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// not every file system can sync a directory; the rename stays atomic
		}
	}

	/**
	 * Renames a fully written temporary directory to its final name: its entries are
	 * flushed first, the rename is atomic where the file system supports it, and the
	 * parent is flushed after.
	 * @param temp the written directory
	 * @param target its final name, which must not exist
	 * @throws IOException if the rename fails
	 */
	public static void publish(Path temp, Path target) throws IOException {
		fsyncDirectory(temp);
		try {
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temp, target);
		}
		fsyncDirectory(target.getParent());
	}

	/** Deletes a file or a directory tree; nothing happens when it does not exist. */
	public static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(path)) {
			List<Path> all = new ArrayList<>(walk.toList());
			Collections.reverse(all);
			for (Path p : all) {
				Files.deleteIfExists(p);
			}
		}
	}

}
