package dev.latentforge.datasets;

import dev.latentforge.files.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.latentforge.datasets.DatasetInfo.DatasetKind;
import dev.latentforge.datasets.upload.UploadedDataset;
import dev.latentforge.security.Caller;
import dev.latentforge.security.Callers;
import dev.latentforge.security.Quotas;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Adds and removes uploaded data sets, keeping files and rows together: a data set's
 * directory is written completely (under a temporary name, then renamed) before its row
 * is inserted, and removed again if the insert fails, so a failed upload leaves neither.
 * Uploads live under {@code {data-dir}/datasets/uploads/{uuid}/}.
 */
@Service
class DatasetStore {

	static final String UPLOADS = "uploads";

	private static final Logger log = LoggerFactory.getLogger(DatasetStore.class);

	private final DatasetRepository repository;

	private final DatasetCatalog catalog;

	private final ObjectProvider<DatasetUsage> usage;

	private final Clock clock;

	private final Quotas quotas;

	DatasetStore(DatasetRepository repository, DatasetCatalog catalog, ObjectProvider<DatasetUsage> usage,
			Quotas quotas, ObjectProvider<Clock> clock) {
		this.repository = repository;
		this.catalog = catalog;
		this.usage = usage;
		this.quotas = quotas;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * Stores an upload under a new id.
	 * @param upload the validated upload
	 * @return the stored data set's metadata
	 */
	DatasetInfo create(UploadedDataset upload) {
		Caller caller = Callers.current();
		long adding = upload.splits().values().stream().mapToLong(DatasetStore::bytes).sum();
		this.quotas.checkDatasetBytes(caller.owner(), this.repository.storedBytes(caller.owner()), adding);
		String id = UUID.randomUUID().toString();
		String relative = UPLOADS + "/" + id;
		Path dir = this.catalog.resolve(relative);
		DatasetInfo info = new DatasetInfo(id, upload.name(), DatasetKind.IMAGES, false, upload.channels(),
				upload.height(), upload.width(), upload.bitDepth(), upload.classes(), upload.attributes(), Map.of(),
				null, 1, 0, this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		DatasetInfo written;
		try {
			written = DatasetFiles.write(dir, info, upload.splits());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot store data set " + id, ex);
		}
		try {
			this.repository.save(new Dataset(written, relative, caller.owner()));
		}
		catch (RuntimeException ex) {
			deleteDirectory(dir);
			throw ex;
		}
		return written;
	}

	/**
	 * Deletes an uploaded data set that no unfinished job uses.
	 * @param id the data set id
	 * @throws ApiException 404 if unknown, 409 if built in or in use
	 */
	void delete(String id) {
		Dataset dataset = this.catalog.visible(id).orElseThrow(() -> ApiException.notFound("dataset", id));
		if (dataset.builtin()) {
			throw new ApiException(ProblemType.CONFLICT, "Data set '" + id + "' is built in and cannot be deleted")
				.with("id", id);
		}
		// Without the jobs feature there are no jobs, so nothing can use the data set.
		DatasetUsage usage = this.usage.getIfAvailable(() -> (datasetId) -> false);
		if (usage.inUseByUnfinishedJob(id)) {
			throw new ApiException(ProblemType.CONFLICT,
					"Data set '" + id + "' is used by a job that has not finished; cancel the job or wait for it")
				.with("id", id);
		}
		this.repository.delete(dataset);
		deleteDirectory(this.catalog.resolve(dataset.path()));
	}

	private static long bytes(DatasetFiles.SplitData split) {
		long total = split.images().rawData().length;
		if (split.labels() != null) {
			total += 4L * split.labels().length;
		}
		if (split.attributes() != null) {
			total += split.attributes().rawData().length;
		}
		return total;
	}

	private static void deleteDirectory(Path dir) {
		try {
			DurableFiles.deleteRecursively(dir);
		}
		catch (IOException ex) {
			log.warn("Cannot delete data set directory {}; remove it by hand", dir, ex);
		}
	}

}
