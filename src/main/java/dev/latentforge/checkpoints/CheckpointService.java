package dev.latentforge.checkpoints;

import dev.latentforge.files.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.latentforge.StorageProperties;
import dev.latentforge.jobs.TrainingJobRepository;
import dev.latentforge.models.QualityMetric;
import dev.latentforge.web.ApiException;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits checkpoints written by workers, under the attempt's fencing token, and keeps
 * their number in check. A commit updates the job row {@code WHERE attempt = :token} and
 * records the checkpoint only if that matched: a stale worker (its node was presumed dead
 * and the job revived elsewhere) changes nothing, and its files are swept. Retention runs
 * on its own thread, outside the training slots.
 */
@Service
public class CheckpointService {

	private static final Logger log = LoggerFactory.getLogger(CheckpointService.class);

	private final CheckpointRepository checkpoints;

	private final TrainingJobRepository jobs;

	private final StorageProperties storage;

	private final CheckpointProperties properties;

	private final ObjectProvider<CheckpointPins> pins;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	private final ExecutorService retention = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "checkpoint-retention");
		thread.setDaemon(true);
		return thread;
	});

	public CheckpointService(CheckpointRepository checkpoints, TrainingJobRepository jobs, StorageProperties storage,
			CheckpointProperties properties, ObjectProvider<CheckpointPins> pins, TransactionTemplate transactions,
			JsonMapper json, Clock clock) {
		this.checkpoints = checkpoints;
		this.jobs = jobs;
		this.storage = storage;
		this.properties = properties;
		this.pins = pins;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * A checkpoint a worker reports.
	 *
	 * @param jobId the job
	 * @param attempt the attempt's fencing token
	 * @param step the step
	 * @param dir the checkpoint directory
	 * @param sha256 the parameters' hash
	 * @param sizeBytes its size
	 * @param metrics its metrics
	 */
	public record Report(String jobId, int attempt, long step, Path dir, String sha256, long sizeBytes,
			Map<String, Double> metrics) {
	}

	/**
	 * Commits a reported checkpoint if its attempt still owns the job.
	 * @param report the report
	 * @param metric the family's quality metric
	 * @return the committed checkpoint, or empty when the attempt is stale (its files are
	 * deleted)
	 */
	public Optional<Checkpoint> commit(Report report, QualityMetric metric) {
		Path dir = report.dir().toAbsolutePath().normalize();
		Path root = this.storage.jobs().toAbsolutePath().normalize().resolve(report.jobId());
		if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
			log.warn("Job {}: ignoring checkpoint outside its directory: {}", report.jobId(), dir);
			return Optional.empty();
		}
		Double quality = metric == null ? null : metric.rank(report.metrics().get(metric.name()));
		Optional<Checkpoint> committed = this.transactions.execute((status) -> {
			String id = UUID.randomUUID().toString();
			String best = id;
			Optional<Checkpoint> currentBest = this.checkpoints
				.findFirstByJobIdAndQualityNotNullOrderByQualityAscStepDesc(report.jobId());
			if (quality == null) {
				best = currentBest.map(Checkpoint::getId).orElse(id);
			}
			else if (currentBest.isPresent() && currentBest.get().getQuality() < quality) {
				best = currentBest.get().getId();
			}
			int updated = this.jobs.updateCheckpointPointers(report.jobId(), report.attempt(), id, best);
			if (updated == 0) {
				return Optional.<Checkpoint>empty();
			}
			Checkpoint checkpoint = new Checkpoint(id, report.jobId(), report.attempt(), report.step(), relative(dir),
					report.sizeBytes(), report.sha256(), CheckpointFiles.FORMAT_VERSION,
					this.json.writeValueAsString(report.metrics()), quality, this.clock.instant());
			return Optional.of(this.checkpoints.save(checkpoint));
		});
		if (committed.isEmpty()) {
			log.warn("Job {}: refused checkpoint of stale attempt {} at step {}; deleting {}", report.jobId(),
					report.attempt(), report.step(), dir);
			deleteQuietly(dir);
			return Optional.empty();
		}
		this.retention.submit(() -> applyRetention(report.jobId()));
		return committed;
	}

	/**
	 * Resolves {@code best}, {@code latest} or a checkpoint id for a job.
	 * @param jobId the job
	 * @param selector the selector
	 * @param defaultSelector what to use when the selector is absent
	 * @return the checkpoint
	 */
	public Checkpoint resolve(String jobId, String selector, String defaultSelector) {
		String which = selector == null || selector.isBlank() ? defaultSelector : selector;
		Optional<Checkpoint> found = switch (which) {
			case "latest" -> this.checkpoints.findFirstByJobIdOrderByStepDescCreatedAtDesc(jobId);
			case "best" -> this.checkpoints.findFirstByJobIdAndQualityNotNullOrderByQualityAscStepDesc(jobId)
				.or(() -> this.checkpoints.findFirstByJobIdOrderByStepDescCreatedAtDesc(jobId));
			default -> this.checkpoints.findByIdAndJobId(which, jobId);
		};
		return found.orElseThrow(() -> which.equals("latest") || which.equals("best")
				? ApiException.notFound("checkpoint", jobId + "/" + which)
				: ApiException.notFound("checkpoint", which));
	}

	public Optional<Checkpoint> latest(String jobId) {
		return this.checkpoints.findFirstByJobIdOrderByStepDescCreatedAtDesc(jobId);
	}

	public List<Checkpoint> list(String jobId) {
		return this.checkpoints.findByJobIdOrderByStepAsc(jobId);
	}

	public Path directory(Checkpoint checkpoint) {
		return this.storage.dataDir().resolve(checkpoint.getPath());
	}

	/**
	 * Deletes checkpoint directories of a job that are not committed (written by attempts
	 * that died before their commit, or refused) and unfinished temporary directories.
	 * @param jobId the job
	 */
	public void sweepUncommitted(String jobId) {
		Path root = this.storage.jobs().resolve(jobId);
		if (!Files.isDirectory(root)) {
			return;
		}
		Set<Path> committed = list(jobId).stream()
			.map((c) -> directory(c).toAbsolutePath().normalize())
			.collect(Collectors.toSet());
		try (Stream<Path> attempts = Files.list(root)) {
			for (Path attempt : attempts.filter(Files::isDirectory).toList()) {
				try (Stream<Path> steps = Files.list(attempt)) {
					for (Path step : steps.filter(Files::isDirectory).toList()) {
						if (!committed.contains(step.toAbsolutePath().normalize())) {
							log.info("Job {}: sweeping uncommitted checkpoint {}", jobId, step);
							deleteQuietly(step);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			log.warn("Job {}: could not sweep {}: {}", jobId, root, ex.toString());
		}
	}

	/** Keeps the latest N, the best and pinned checkpoints of a job; deletes the rest. */
	public void applyRetention(String jobId) {
		try {
			List<Checkpoint> all = list(jobId);
			Set<String> keep = new HashSet<>();
			for (int i = Math.max(0, all.size() - this.properties.keepLatest()); i < all.size(); i++) {
				keep.add(all.get(i).getId());
			}
			this.checkpoints.findFirstByJobIdAndQualityNotNullOrderByQualityAscStepDesc(jobId)
				.ifPresent((best) -> keep.add(best.getId()));
			for (CheckpointPins pin : this.pins.orderedStream().toList()) {
				keep.addAll(pin.pinned(jobId));
			}
			for (Checkpoint checkpoint : all) {
				if (!keep.contains(checkpoint.getId())) {
					this.checkpoints.deleteById(checkpoint.getId());
					deleteQuietly(directory(checkpoint));
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Job {}: retention failed: {}", jobId, ex.toString());
		}
	}

	private String relative(Path dir) {
		return this.storage.dataDir().toAbsolutePath().normalize().relativize(dir).toString();
	}

	private static void deleteQuietly(Path dir) {
		try {
			DurableFiles.deleteRecursively(dir);
		}
		catch (IOException ex) {
			log.warn("Could not delete {}: {}", dir, ex.toString());
		}
	}

	@PreDestroy
	void stop() {
		this.retention.shutdown();
	}

}
