package dev.latentforge.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the most recently used checkpoints loaded for inference (least recently used
 * out). A model in use is leased: an evicted model is closed only when its last lease
 * ends. Loaded checkpoints are pinned against retention.
 */
@Component
public class ModelCache implements CheckpointPins {

	private final CheckpointService checkpoints;

	private final ModelFamilies families;

	private final JsonMapper json;

	private final int capacity;

	private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	public ModelCache(CheckpointService checkpoints, ModelFamilies families, JsonMapper json,
			GenerationProperties properties) {
		this.checkpoints = checkpoints;
		this.families = families;
		this.json = json;
		this.capacity = properties.cacheSize();
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

		private int leases;

		private boolean evicted;

		Entry(String jobId, LoadedModel model, String device) {
			this.jobId = jobId;
			this.model = model;
			this.device = device;
		}

		synchronized void acquire() {
			this.leases++;
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
		Entry entry;
		synchronized (this) {
			entry = this.entries.get(checkpoint.getId());
			if (entry == null) {
				entry = load(checkpoint);
				this.entries.put(checkpoint.getId(), entry);
				trim();
			}
			entry.acquire();
		}
		return new Lease(entry);
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
			return new Entry(checkpoint.getJobId(), model, Devices.name(device));
		}
		catch (RuntimeException ex) {
			manager.close();
			throw ex;
		}
	}

	private void trim() {
		Iterator<Map.Entry<String, Entry>> it = this.entries.entrySet().iterator();
		while (this.entries.size() > this.capacity && it.hasNext()) {
			Entry eldest = it.next().getValue();
			it.remove();
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
				entry.evict();
			}
		}
	}

	@PreDestroy
	synchronized void close() {
		this.entries.values().forEach(Entry::evict);
		this.entries.clear();
	}

}
