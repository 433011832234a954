package dev.latentforge.datasets;

import dev.latentforge.files.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import dev.latentforge.StorageProperties;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes sure every available {@link BuiltinDataset} is stored and registered before the
 * service takes requests: each is written once to
 * {@code {data-dir}/datasets/builtin/{id}-v{version}/}, kept while its files still match
 * its recorded sha256 (regenerated otherwise), and upserted as a row with
 * {@code builtin = true}. Directories of older versions are left for jobs that recorded
 * them.
 */
@Component
class BuiltinDatasets implements SmartInitializingSingleton {

	static final String DIRECTORY = "builtin";

	private static final Logger log = LoggerFactory.getLogger(BuiltinDatasets.class);

	private final List<BuiltinDataset> builtins;

	private final DatasetRepository repository;

	private final Path root;

	private final Clock clock;

	BuiltinDatasets(List<BuiltinDataset> builtins, DatasetRepository repository, StorageProperties storage,
			ObjectProvider<Clock> clock) {
		this.builtins = builtins;
		this.repository = repository;
		this.root = storage.datasets();
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (BuiltinDataset builtin : this.builtins) {
			if (!builtin.available()) {
				continue;
			}
			try {
				register(builtin);
			}
			catch (IOException | RuntimeException ex) {
				if (builtin.required()) {
					throw (ex instanceof IOException io) ? new UncheckedIOException(io) : (RuntimeException) ex;
				}
				log.error("Cannot provide the built-in data set {}; skipping it", builtin.id(), ex);
			}
		}
	}

	/** Stores a built-in unless an intact copy exists, then upserts its row. */
	DatasetInfo register(BuiltinDataset builtin) throws IOException {
		String relative = DIRECTORY + "/" + builtin.id() + "-v" + builtin.version();
		Path dir = this.root.resolve(relative);
		DatasetInfo info = intact(dir, builtin);
		if (info == null) {
			info = materialise(builtin, dir);
		}
		Dataset row = this.repository.findById(info.id()).orElse(null);
		if (row == null) {
			this.repository.save(new Dataset(info, relative, null));
		}
		else if (!info.sha256().equals(row.sha256()) || info.version() != row.version()
				|| !relative.equals(row.path())) {
			row.update(info, relative);
			this.repository.save(row);
		}
		return info;
	}

	private DatasetInfo materialise(BuiltinDataset builtin, Path dir) throws IOException {
		if (Files.exists(dir)) {
			log.warn("Built-in data set {} at {} does not match its sha256; generating it again", builtin.id(), dir);
			DurableFiles.deleteRecursively(dir);
		}
		long start = System.nanoTime();
		BuiltinDataset.Content content = builtin.generate();
		DatasetInfo described = content.info();
		DatasetInfo info = new DatasetInfo(described.id(), described.name(), described.kind(), true,
				described.channels(), described.height(), described.width(), described.bitDepth(), described.classes(),
				described.attributes(), described.splits(), null, described.version(), 0, this.clock.instant());
		try {
			info = DatasetFiles.write(dir, info, content.splits());
		}
		catch (FileAlreadyExistsException ex) {
			// Another node of the deployment wrote it meanwhile.
			info = intact(dir, builtin);
			if (info == null) {
				throw ex;
			}
		}
		log.info("Stored built-in data set {} v{} ({} bytes, sha256 {}) in {} ms", info.id(), info.version(),
				info.sizeBytes(), info.sha256(), (System.nanoTime() - start) / 1_000_000);
		return info;
	}

	/** The stored metadata if the directory holds this version with matching files. */
	private static DatasetInfo intact(Path dir, BuiltinDataset builtin) {
		if (!Files.isRegularFile(dir.resolve(DatasetFiles.INFO_FILE))) {
			return null;
		}
		try {
			DatasetInfo info = DatasetFiles.readInfo(dir);
			boolean matches = builtin.id().equals(info.id()) && builtin.version() == info.version()
					&& info.sha256() != null && info.sha256().equals(DatasetFiles.computeSha256(dir, info));
			return matches ? info : null;
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Cannot read built-in data set at {}: {}", dir, ex.getMessage());
			return null;
		}
	}

}
