package dev.latentforge.jobs;

import dev.latentforge.files.DurableFiles;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.latentforge.StorageProperties;
import dev.latentforge.checkpoints.CheckpointRepository;
import dev.latentforge.files.Hashes;
import dev.latentforge.jobs.scheduling.SchedulingConfiguration;
import dev.latentforge.security.Caller;
import dev.latentforge.security.Callers;
import dev.latentforge.security.Quotas;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The client's side of jobs: submission (the job row and its scheduler execution in one
 * transaction), listing, cancel, resume and deletion.
 */
@Service
public class JobService {

	private static final Logger log = LoggerFactory.getLogger(JobService.class);

	private static final TaskDescriptor<Void> TASK = TaskDescriptor.of(SchedulingConfiguration.TASK_NAME);

	private final TrainingJobRepository jobs;

	private final CheckpointRepository checkpoints;

	private final JobSubmissions submissions;

	private final SchedulerClient scheduler;

	private final TransactionTemplate transactions;

	private final JobsProperties properties;

	private final StorageProperties storage;

	private final ApplicationEventPublisher publisher;

	private final Quotas quotas;

	private final Clock clock;

	public JobService(TrainingJobRepository jobs, CheckpointRepository checkpoints, JobSubmissions submissions,
			SchedulerClient scheduler, TransactionTemplate transactions, JobsProperties properties,
			StorageProperties storage, ApplicationEventPublisher publisher, Quotas quotas, Clock clock) {
		this.jobs = jobs;
		this.checkpoints = checkpoints;
		this.submissions = submissions;
		this.scheduler = scheduler;
		this.transactions = transactions;
		this.properties = properties;
		this.storage = storage;
		this.publisher = publisher;
		this.quotas = quotas;
		this.clock = clock;
	}

	/**
	 * A submitted job and whether it was created by this call (or replayed for an
	 * idempotency key).
	 *
	 * @param job the job
	 * @param created whether this call created it
	 */
	public record Submitted(TrainingJob job, boolean created) {
	}

	public Submitted submit(dev.latentforge.models.JobSpec request, String idempotencyKey) {
		Caller caller = Callers.current();
		JobSubmissions.Resolved resolved = this.submissions.resolve(request);
		String hash = idempotencyKey == null ? null : Hashes.sha256Hex(resolved.requestJson());
		if (idempotencyKey != null) {
			Optional<TrainingJob> existing = this.jobs.findByOwnerAndIdempotencyKey(caller.owner(), idempotencyKey);
			if (existing.isPresent()) {
				return replay(existing.get(), hash);
			}
		}
		try {
			TrainingJob job = this.transactions.execute((status) -> {
				checkQueue(caller);
				TrainingJob created = TrainingJob.submitted(UUID.randomUUID().toString(),
						new TrainingJob.Submission(caller.owner(), request.name(), resolved.family().type(),
								resolved.specJson(), resolved.dataset().id(), resolved.dataset().sha256(),
								resolved.dataset().version(), resolved.spec().priorityOrDefault(),
								resolved.spec().deviceOrDefault(), resolved.spec().training().maxSteps(),
								idempotencyKey, hash),
						this.clock.instant());
				this.jobs.save(created);
				this.submissions.recordReferences(created.getId(), resolved.spec().model());
				schedule(created);
				return created;
			});
			return new Submitted(job, true);
		}
		catch (org.springframework.dao.DataIntegrityViolationException ex) {
			if (idempotencyKey != null) {
				// a concurrent request with the same key won the insert
				return this.jobs.findByOwnerAndIdempotencyKey(caller.owner(), idempotencyKey)
					.map((job) -> replay(job, hash))
					.orElseThrow(() -> ex);
			}
			throw ex;
		}
	}

	private Submitted replay(TrainingJob existing, String hash) {
		if (!existing.getIdempotencyHash().equals(hash)) {
			throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used for job "
					+ existing.getId() + " with a different request body")
				.with("jobId", existing.getId());
		}
		return new Submitted(existing, false);
	}

	private void schedule(TrainingJob job) {
		this.scheduler.scheduleIfNotExists(
				TASK.instance(job.getId()).priority(job.getPriority()).scheduledTo(this.clock.instant()));
	}

	/**
	 * Refuses a job beyond the owner's queued-jobs quota (429) or the deployment's queue
	 * bound (503).
	 */
	private void checkQueue(Caller caller) {
		this.quotas.checkQueuedJobs(caller.owner(), this.jobs.countByOwnerAndStatus(caller.owner(), JobStatus.QUEUED));
		if (this.jobs.countByStatus(JobStatus.QUEUED) >= this.properties.maxQueued()) {
			throw new ApiException(ProblemType.QUEUE_FULL,
					"The job queue is full (" + this.properties.maxQueued() + " queued jobs); try again later")
				.retryAfter(Duration.ofSeconds(30))
				.with("limit", this.properties.maxQueued());
		}
	}

	/**
	 * A job the caller may see; another owner's job answers 404, as an unknown one does.
	 */
	public TrainingJob get(String id) {
		Caller caller = Callers.current();
		return this.jobs.findById(id)
			.filter((job) -> caller.sees(job.getOwner()))
			.orElseThrow(() -> ApiException.notFound("job", id));
	}

	/** The caller's jobs (every owner's for admins), filtered in the query. */
	public Page<TrainingJob> list(List<JobStatus> statuses, Pageable pageable) {
		EnumSet<JobStatus> filter = statuses == null || statuses.isEmpty() ? EnumSet.allOf(JobStatus.class)
				: EnumSet.copyOf(statuses);
		String owner = Callers.current().ownerFilter();
		return owner == null ? this.jobs.findByStatusIn(filter, pageable)
				: this.jobs.findByOwnerAndStatusIn(owner, filter, pageable);
	}

	/** Cancels a job: at once when queued; a running job checkpoints and stops. */
	public TrainingJob cancel(String id) {
		return JobLifecycle.withRetry(() -> this.transactions.execute((status) -> {
			TrainingJob job = get(id);
			boolean cancelledNow = job.requestCancel(this.clock.instant());
			this.jobs.save(job);
			if (cancelledNow) {
				try {
					this.scheduler.cancel(TASK.instanceId(id));
				}
				catch (RuntimeException ex) {
					// the execution is being picked up right now; its attempt will see
					// CANCELLED and stop
					log.debug("Job {}: scheduler execution not cancelled: {}", id, ex.toString());
				}
			}
			return job;
		}));
	}

	/** Resumes a failed or cancelled job from its last checkpoint. */
	public TrainingJob resume(String id) {
		return JobLifecycle.withRetry(() -> this.transactions.execute((status) -> {
			TrainingJob job = get(id);
			checkQueue(Callers.current());
			job.resume(this.clock.instant());
			this.jobs.save(job);
			schedule(job);
			return job;
		}));
	}

	/** Deletes a finished job with its checkpoints, events, metrics and files. */
	public void delete(String id) {
		JobLifecycle.withRetry(() -> this.transactions.execute((status) -> {
			TrainingJob job = get(id);
			if (!job.getStatus().isFinished()) {
				throw new IllegalTransitionException(id, job.getStatus(), job.getStatus(),
						"be deleted until it has finished (cancel it first)");
			}
			this.checkpoints.deleteByJobId(id);
			this.jobs.delete(job);
			return null;
		}));
		this.publisher.publishEvent(new JobDeleted(id));
		try {
			DurableFiles.deleteRecursively(this.storage.jobs().resolve(id));
		}
		catch (IOException ex) {
			log.warn("Job {}: could not delete its files: {}", id, ex.toString());
		}
	}

}
