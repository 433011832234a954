package dev.latentforge.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointPins;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.engine.Devices;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.jobs.JobDeleted;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.web.ApiException;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the most recently used checkpoints loaded for inference, bounded by their
 * parameter bytes and by a count (least recently used out). A checkpoint is loaded
 * outside the cache's lock, once, however many requests ask for it at the same time (they
 * wait on one future per checkpoint), so a slow load never holds up requests for models
 * already loaded. A model in use is leased: an evicted model is closed only when its last
 * lease ends. Loaded checkpoints are pinned against retention.
 */
@Component
public class ModelCache implements CheckpointPins {

	private final CheckpointService checkpoints;

	private final ModelFamilies families;

	private final JsonMapper json;

	private final int capacity;

	private final long maxBytes;

	private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	private final ConcurrentHashMap<String, CompletableFuture<Entry>> loading = new ConcurrentHashMap<>();

	private final Function<Checkpoint, Entry> loader;

	private long bytes;

	@Autowired
	public ModelCache(CheckpointService checkpoints, ModelFamilies families, JsonMapper json,
			GenerationProperties properties, ModelCacheProperties cache) {
		this.checkpoints = checkpoints;
		this.families = families;
		this.json = json;
		this.capacity = properties.cacheSize();
		this.maxBytes = cache.maxBytes().toBytes();
		this.loader = this::load;
	}

	/** A cache over another loader (tests). */
	ModelCache(int capacity, long maxBytes, Function<Checkpoint, Entry> loader) {
		this.checkpoints = null;
		this.families = null;
		this.json = null;
		this.capacity = capacity;
		this.maxBytes = maxBytes;
		this.loader = loader;
	}

	/** A loaded model in use; close it when done. */
	public static final class Lease implements AutoCloseable {

		private final Entry entry;

		private boolean closed;

		Lease(Entry entry) {
			this.entry = entry;
		}

		public LoadedModel model() {
			return this.entry.model;
		}

		public String device() {
			return this.entry.device;
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				this.entry.release();
			}
		}

	}

	static final class Entry {

		final String jobId;

		final LoadedModel model;

		final String device;

		final long bytes;

		private int leases;

		private boolean evicted;

		Entry(String jobId, LoadedModel model, String device, long bytes) {
			this.jobId = jobId;
			this.model = model;
			this.device = device;
			this.bytes = bytes;
		}

		/** Takes a lease unless the entry was evicted. */
		synchronized boolean acquire() {
			if (this.evicted) {
				return false;
			}
			this.leases++;
			return true;
		}

		synchronized void release() {
			this.leases--;
			if (this.evicted && this.leases == 0) {
				this.model.close();
			}
		}

		synchronized void evict() {
			this.evicted = true;
			if (this.leases == 0) {
				this.model.close();
			}
		}

	}

	/** Leases the model of a checkpoint, loading it if needed. */
	public Lease lease(Checkpoint checkpoint) {
		String id = checkpoint.getId();
		while (true) {
			synchronized (this) {
				Entry entry = this.entries.get(id);
				if (entry != null && entry.acquire()) {
					return new Lease(entry);
				}
			}
			CompletableFuture<Entry> mine = new CompletableFuture<>();
			CompletableFuture<Entry> theirs = this.loading.putIfAbsent(id, mine);
			if (theirs == null) {
				return loadAndLease(checkpoint, mine);
			}
			try {
				Entry entry = theirs.join();
				if (entry.acquire()) {
					return new Lease(entry);
				}
				// evicted between its load and this request: look again
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw ex;
			}
		}
	}

	private Lease loadAndLease(Checkpoint checkpoint, CompletableFuture<Entry> future) {
		try {
			Entry entry = this.loader.apply(checkpoint);
			// leased before it is listed, so trimming can never close it under this
			// request
			entry.acquire();
			synchronized (this) {
				this.entries.put(checkpoint.getId(), entry);
				this.bytes += entry.bytes;
				trim();
			}
			future.complete(entry);
			return new Lease(entry);
		}
		catch (RuntimeException | Error ex) {
			future.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loading.remove(checkpoint.getId(), future);
		}
	}

	/** Parameter bytes held by loaded models. */
	public synchronized long bytes() {
		return this.bytes;
	}

	/** Loaded checkpoints. */
	public synchronized int size() {
		return this.entries.size();
	}

	private Entry load(Checkpoint checkpoint) {
		CheckpointData data;
		try {
			data = CheckpointFiles.read(this.checkpoints.directory(checkpoint), this.json);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			// retention removed it after the request selected it
			throw ApiException.notFound("checkpoint", checkpoint.getId());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Device device = Devices.resolve("auto", EngineInfo.engine().getGpuCount());
		NDManager manager = NDManager.newBaseManager(device);
		try {
			LoadedModel model = this.families.require(data.manifest().family()).load(data, manager);
			long size = data.parameters().values().stream().mapToLong((t) -> t.rawData().length).sum();
			return new Entry(checkpoint.getJobId(), model, Devices.name(device), size);
		}
		catch (RuntimeException ex) {
			manager.close();
			throw ex;
		}
	}

	private void trim() {
		Iterator<Map.Entry<String, Entry>> it = this.entries.entrySet().iterator();
		// the newest entry stays, even alone over the byte bound
		while ((this.entries.size() > this.capacity || this.bytes > this.maxBytes) && this.entries.size() > 1
				&& it.hasNext()) {
			Entry eldest = it.next().getValue();
			it.remove();
			this.bytes -= eldest.bytes;
			eldest.evict();
		}
	}

	@Override
	public synchronized Set<String> pinned(String jobId) {
		Set<String> ids = new HashSet<>();
		this.entries.forEach((id, entry) -> {
			if (entry.jobId.equals(jobId)) {
				ids.add(id);
			}
		});
		return ids;
	}

	@EventListener
	public synchronized void on(JobDeleted deleted) {
		Iterator<Map.Entry<String, Entry>> it = this.entries.entrySet().iterator();
		while (it.hasNext()) {
			Entry entry = it.next().getValue();
			if (entry.jobId.equals(deleted.jobId())) {
				it.remove();
				this.bytes -= entry.bytes;
				entry.evict();
			}
		}
	}

	@PreDestroy
	synchronized void close() {
		this.entries.values().forEach(Entry::evict);
		this.entries.clear();
		this.bytes = 0;
	}

}
