package dev.latentforge.datasets;

import java.nio.file.Path;
import java.util.Optional;

import dev.latentforge.StorageProperties;
import dev.latentforge.security.Caller;
import dev.latentforge.security.Callers;
import dev.latentforge.web.ApiException;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Looks up stored data sets for the rest of the service: their metadata and the directory
 * that holds their files in the {@link DatasetFiles} layout.
 */
@Service
@Transactional(readOnly = true)
public class DatasetCatalog {

	private final DatasetRepository repository;

	private final Path root;

	DatasetCatalog(DatasetRepository repository, StorageProperties storage) {
		this.repository = repository;
		this.root = storage.datasets().toAbsolutePath().normalize();
	}

	/**
	 * Finds a data set.
	 * @param id the data set id
	 * @return its metadata, or empty if there is no such data set
	 */
	public Optional<DatasetInfo> find(String id) {
		return visible(id).map(Dataset::info);
	}

	/**
	 * The row of a data set the current caller may see (built-ins, its own; all for
	 * admins).
	 */
	Optional<Dataset> visible(String id) {
		Caller caller = Callers.current();
		return this.repository.findById(id).filter((dataset) -> caller.sees(dataset.owner()));
	}

	/**
	 * Finds a data set that must exist.
	 * @param id the data set id
	 * @return its metadata
	 * @throws ApiException 404 if there is no such data set
	 */
	public DatasetInfo require(String id) {
		return find(id).orElseThrow(() -> ApiException.notFound("dataset", id));
	}

	/**
	 * The directory that holds a data set's files.
	 * @param id the data set id
	 * @return an absolute path
	 * @throws ApiException 404 if there is no such data set
	 */
	public Path directory(String id) {
		Dataset dataset = visible(id).orElseThrow(() -> ApiException.notFound("dataset", id));
		return resolve(dataset.path());
	}

	Page<DatasetInfo> list(Pageable pageable) {
		String owner = Callers.current().ownerFilter();
		return (owner == null ? this.repository.findAll(pageable) : this.repository.findVisibleTo(owner, pageable))
			.map(Dataset::info);
	}

	Path resolve(String relativePath) {
		Path dir = this.root.resolve(relativePath).normalize();
		if (!dir.startsWith(this.root)) {
			throw new IllegalStateException("data set path '" + relativePath + "' leaves " + this.root);
		}
		return dir;
	}

}
