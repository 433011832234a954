package dev.latentforge.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.latentforge.StorageProperties;
import dev.latentforge.web.ApiException;

import org.springframework.stereotype.Service;

/**
 * TEMPORARY stand-in until the datasets feature lands: finds data sets by id under the
 * data directory.
 */
@Service
public class DatasetCatalog {

	private final StorageProperties storage;

	public DatasetCatalog(StorageProperties storage) {
		this.storage = storage;
	}

	public Optional<DatasetInfo> find(String id) {
		Path dir = directory(id);
		if (!Files.exists(dir.resolve(DatasetFiles.INFO_FILE))) {
			return Optional.empty();
		}
		return Optional.of(DatasetFiles.readInfo(dir));
	}

	public DatasetInfo require(String id) {
		return find(id).orElseThrow(() -> ApiException.notFound("dataset", id));
	}

	public Path directory(String id) {
		return this.storage.datasets().resolve(id);
	}

}
