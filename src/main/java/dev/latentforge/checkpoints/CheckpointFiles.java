package dev.latentforge.checkpoints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.latentforge.files.DurableFiles;
import dev.latentforge.files.Hashes;
import dev.latentforge.tensors.Safetensors;
import dev.latentforge.tensors.Tensor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads checkpoint directories. Layout of
 * {@code jobs/{id}/a{attempt}/s{step}/}: {@code manifest.json}, {@code model.safetensors}
 * (parameters), {@code optimizer.safetensors} (optimizer state) and {@code samples.png}.
 * A checkpoint is written under a temporary name, every file is flushed to disk, then the
 * directory is renamed: a reader sees a whole checkpoint or none. The manifest records
 * each file's sha256, checked on read.
 */
public final class CheckpointFiles {

	/** The format version written; readers accept every version up to it. */
	public static final int FORMAT_VERSION = 1;

	public static final String MANIFEST = "manifest.json";

	public static final String MODEL = "model.safetensors";

	public static final String OPTIMIZER = "optimizer.safetensors";

	public static final String SAMPLES = "samples.png";

	private CheckpointFiles() {
	}

	/**
	 * What was written.
	 *
	 * @param dir the checkpoint directory
	 * @param sha256 the hash of the parameters file, which identifies the weights
	 * @param sizeBytes the bytes of all files
	 * @param manifest the manifest as written
	 */
	public record Written(Path dir, String sha256, long sizeBytes, CheckpointManifest manifest) {
	}

	public static Path directory(Path attemptDir, long step) {
		return attemptDir.resolve("s" + step);
	}

	public static Written write(Path attemptDir, CheckpointManifest manifest, Map<String, Tensor> parameters,
			Map<String, Tensor> optimizer, byte[] samplesPng, JsonMapper json) throws IOException {
		Files.createDirectories(attemptDir);
		Path target = directory(attemptDir, manifest.step());
		Path temp = attemptDir.resolve("s" + manifest.step() + ".tmp-" + UUID.randomUUID());
		Files.createDirectories(temp);
		try {
			Map<String, CheckpointManifest.FileEntry> files = new LinkedHashMap<>();
			Map<String, String> meta = Map.of("format", "latentforge-checkpoint", "formatVersion",
					Integer.toString(FORMAT_VERSION), "jobId", manifest.jobId(), "step",
					Long.toString(manifest.step()));
			files.put(MODEL, writeFile(temp.resolve(MODEL), Safetensors.toBytes(parameters, meta)));
			files.put(OPTIMIZER, writeFile(temp.resolve(OPTIMIZER), Safetensors.toBytes(optimizer, meta)));
			if (samplesPng != null) {
				files.put(SAMPLES, writeFile(temp.resolve(SAMPLES), samplesPng));
			}
			CheckpointManifest complete = manifest.withFiles(files);
			CheckpointManifest.FileEntry manifestEntry = writeFile(temp.resolve(MANIFEST),
					json.writerWithDefaultPrettyPrinter().writeValueAsBytes(complete));
			// a directory left by an earlier write of this step (its commit never came)
			// is replaced
			DurableFiles.deleteRecursively(target);
			DurableFiles.publish(temp, target);
			long size = manifestEntry.size()
					+ files.values().stream().mapToLong(CheckpointManifest.FileEntry::size).sum();
			return new Written(target, files.get(MODEL).sha256(), size, complete);
		}
		finally {
			DurableFiles.deleteRecursively(temp);
		}
	}

	public static CheckpointManifest readManifest(Path dir, JsonMapper json) {
		CheckpointManifest manifest = json.readValue(dir.resolve(MANIFEST).toFile(), CheckpointManifest.class);
		if (manifest.formatVersion() < 1 || manifest.formatVersion() > FORMAT_VERSION) {
			throw new IllegalStateException("checkpoint " + dir + " has format version " + manifest.formatVersion()
					+ "; this build reads 1 to " + FORMAT_VERSION);
		}
		return manifest;
	}

	/** Reads a checkpoint and checks its files against the manifest's hashes. */
	public static CheckpointData read(Path dir, JsonMapper json) throws IOException {
		CheckpointManifest manifest = readManifest(dir, json);
		byte[] model = verified(dir, MODEL, manifest);
		byte[] optimizer = verified(dir, OPTIMIZER, manifest);
		return new CheckpointData(dir, manifest, Safetensors.read(model).tensors(),
				Safetensors.read(optimizer).tensors());
	}

	private static byte[] verified(Path dir, String name, CheckpointManifest manifest) throws IOException {
		byte[] bytes = Files.readAllBytes(dir.resolve(name));
		CheckpointManifest.FileEntry entry = manifest.files().get(name);
		if (entry == null || !entry.sha256().equals(Hashes.sha256Hex(bytes))) {
			throw new IOException("checkpoint file " + dir.resolve(name) + " does not match its manifest");
		}
		return bytes;
	}

	private static CheckpointManifest.FileEntry writeFile(Path file, byte[] bytes) throws IOException {
		DurableFiles.write(file, bytes);
		return new CheckpointManifest.FileEntry(Hashes.sha256Hex(bytes), bytes.length);
	}

}
