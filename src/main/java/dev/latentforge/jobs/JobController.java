package dev.latentforge.jobs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.latentforge.StorageProperties;
import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.models.JobSpec;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.PageQuery;
import dev.latentforge.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The jobs API: submit, watch, control and inspect training jobs. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Training jobs: submit, follow, cancel, resume")
class JobController {

	private static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "updatedAt", "updatedAt",
			"name", "name", "status", "status", "priority", "priority");

	private final JobService jobs;

	private final JobViews views;

	private final JobEventStreams streams;

	private final MetricStore metrics;

	private final CheckpointService checkpoints;

	private final StorageProperties storage;

	private final JsonMapper json;

	JobController(JobService jobs, JobViews views, JobEventStreams streams, MetricStore metrics,
			CheckpointService checkpoints, StorageProperties storage, JsonMapper json) {
		this.jobs = jobs;
		this.views = views;
		this.streams = streams;
		this.metrics = metrics;
		this.checkpoints = checkpoints;
		this.storage = storage;
		this.json = json;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "submitJob", summary = "Submit a training job",
			description = "Validates the job against its data set and model family, fills in every default and "
					+ "queues it. With an Idempotency-Key, repeating the same request returns the same job.")
	@ApiResponse(responseCode = "201", description = "Queued")
	@ApiResponse(responseCode = "409", description = "The Idempotency-Key was used with another body")
	@ApiResponse(responseCode = "503", description = "The job queue is full (see Retry-After)")
	ResponseEntity<JobResponse> submit(@Valid @RequestBody JobSpec request,
			@Parameter(
					description = "Makes a retried submission return the job it created the first time") @RequestHeader(
							name = "Idempotency-Key", required = false) String idempotencyKey) {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
			throw ApiException.invalid("Idempotency-Key", "must be 1 to 200 characters");
		}
		JobService.Submitted submitted = this.jobs.submit(request, idempotencyKey);
		JobResponse body = this.views.get(submitted.job().getId());
		return ResponseEntity.created(URI.create("/api/v1/jobs/" + body.id())).body(body);
	}

	@GetMapping
	@Operation(operationId = "listJobs", summary = "List jobs",
			description = "Newest first by default; filter by status.")
	PageResponse<JobResponse> list(@RequestParam(required = false) List<JobStatus> status,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
			@Parameter(
					description = "createdAt, updatedAt, name, status or priority; optionally ,asc or ,desc") @RequestParam(
							required = false) String sort) {
		return this.views.list(status,
				PageQuery.of(page, size, sort, SORTABLE, Sort.by(Sort.Direction.DESC, "createdAt")));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getJob", summary = "Get a job",
			description = "Status, progress, attempts, latest metrics and history.")
	JobResponse get(@PathVariable String id) {
		return this.views.get(id);
	}

	@PostMapping("/{id}/cancel")
	@Operation(operationId = "cancelJob", summary = "Cancel a job",
			description = "A queued job is cancelled at once; a running job finishes its step, checkpoints and stops.")
	@ApiResponse(responseCode = "202", description = "Cancelled or cancelling")
	@ApiResponse(responseCode = "409", description = "The job has already finished")
	ResponseEntity<JobResponse> cancel(@PathVariable String id) {
		this.jobs.cancel(id);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.views.get(id));
	}

	@PostMapping("/{id}/resume")
	@Operation(operationId = "resumeJob", summary = "Resume a failed or cancelled job",
			description = "Continues from its latest checkpoint.")
	@ApiResponse(responseCode = "202", description = "Queued again")
	@ApiResponse(responseCode = "409", description = "The job is not failed or cancelled")
	@ApiResponse(responseCode = "503", description = "The job queue is full (see Retry-After)")
	ResponseEntity<JobResponse> resume(@PathVariable String id) {
		this.jobs.resume(id);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.views.get(id));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteJob", summary = "Delete a finished job",
			description = "Removes its checkpoints, events, metrics and files.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "409", description = "The job has not finished")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.jobs.delete(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "streamJobEvents", summary = "Follow a job's events (Server-Sent Events)",
			description = "Status changes, progress, metrics, checkpoints, samples, done and failed. Each event's id "
					+ "is its sequence number: reconnect with Last-Event-ID to continue. A comment is sent every 15 s; "
					+ "the stream ends when the job has finished.")
	SseEmitter events(@PathVariable String id,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		this.jobs.get(id);
		long after = 0;
		if (lastEventId != null && !lastEventId.isBlank()) {
			try {
				after = Long.parseLong(lastEventId.trim());
			}
			catch (NumberFormatException ex) {
				throw ApiException.invalid("Last-Event-ID", "must be an event id (a number)");
			}
		}
		return this.streams.open(id, after);
	}

	@GetMapping("/{id}/metrics")
	@Operation(operationId = "getJobMetrics", summary = "A job's metric series",
			description = "Training metrics (loss, lr) by step and held-out metrics at checkpoints.")
	MetricsResponse metrics(@PathVariable String id, @RequestParam(defaultValue = "0") long fromStep, @Parameter(
			description = "Keep only steps divisible by this") @RequestParam(defaultValue = "1") long every) {
		this.jobs.get(id);
		if (fromStep < 0) {
			throw ApiException.invalid("fromStep", "must be 0 or more");
		}
		if (every < 1) {
			throw ApiException.invalid("every", "must be 1 or more");
		}
		return new MetricsResponse(id, this.metrics.series(id, fromStep, every));
	}

	/**
	 * A job's metrics.
	 *
	 * @param jobId the job
	 * @param series one series per metric
	 */
	record MetricsResponse(String jobId, List<MetricStore.Series> series) {
	}

	@GetMapping(path = "/{id}/logs", produces = MediaType.TEXT_PLAIN_VALUE)
	@Operation(operationId = "getJobLogs", summary = "A job's worker logs",
			description = "The stderr of each attempt's worker, oldest first.")
	ResponseEntity<String> logs(@PathVariable String id,
			@Parameter(description = "Only this attempt") @RequestParam(required = false) Integer attempt,
			@Parameter(description = "Only the last bytes of each attempt's log") @RequestParam(
					defaultValue = "1048576") int tailBytes)
			throws IOException {
		TrainingJob job = this.jobs.get(id);
		if (tailBytes < 1 || tailBytes > 16 * 1024 * 1024) {
			throw ApiException.invalid("tailBytes", "must be between 1 and 16777216");
		}
		StringBuilder out = new StringBuilder();
		for (int a = 1; a <= job.getAttempt(); a++) {
			if (attempt != null && attempt != a) {
				continue;
			}
			Path log = this.storage.jobs().resolve(id).resolve("a" + a).resolve("worker.log");
			out.append("=== attempt ").append(a).append(" ===\n");
			if (Files.exists(log)) {
				out.append(tail(log, tailBytes));
			}
		}
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(out.toString());
	}

	/** The last bytes of a file, read without loading the rest. */
	private static String tail(Path file, int bytes) throws IOException {
		try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
			long size = channel.size();
			int length = (int) Math.min(size, bytes);
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
			channel.read(buffer, size - length);
			return new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	@GetMapping("/{id}/checkpoints")
	@Operation(operationId = "listJobCheckpoints", summary = "A job's checkpoints",
			description = "Oldest first, with their metrics.")
	List<CheckpointResponse> checkpoints(@PathVariable String id) {
		TrainingJob job = this.jobs.get(id);
		return this.checkpoints.list(id).stream().map((c) -> CheckpointResponse.of(c, job, this.json)).toList();
	}

	@GetMapping(path = "/{id}/samples", produces = "image/png")
	@Operation(operationId = "getJobSamples", summary = "A checkpoint's sample grid",
			description = "Made at the checkpoint from a fixed evaluation batch, so grids compare across steps and "
					+ "jobs. For autoencoders: rows of inputs, each followed by its reconstructions.")
	@ApiResponse(responseCode = "200",
			content = @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")))
	ResponseEntity<byte[]> samples(@PathVariable String id,
			@Parameter(description = "latest (default), best, or a checkpoint id") @RequestParam(
					required = false) String checkpoint)
			throws IOException {
		this.jobs.get(id);
		Checkpoint found = this.checkpoints.resolve(id, checkpoint, "latest");
		Path png = this.checkpoints.directory(found).resolve(CheckpointFiles.SAMPLES);
		if (!Files.exists(png)) {
			throw ApiException.notFound("sample grid", found.getId());
		}
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.header("Latentforge-Checkpoint", found.getId())
			.header("Latentforge-Step", Long.toString(found.getStep()))
			.body(Files.readAllBytes(png));
	}

	/**
	 * A checkpoint as the API shows it.
	 *
	 * @param id its id
	 * @param step the step it was taken at
	 * @param attempt the attempt that wrote it
	 * @param sizeBytes its size
	 * @param sha256 the hash of its parameters
	 * @param formatVersion its format version
	 * @param metrics its held-out metrics
	 * @param latest whether it is the job's latest
	 * @param best whether it is the job's best
	 * @param createdAt when it was committed
	 */
	record CheckpointResponse(String id, long step, int attempt, long sizeBytes, String sha256, int formatVersion,
			Map<String, Double> metrics, boolean latest, boolean best, java.time.Instant createdAt) {

		static CheckpointResponse of(Checkpoint c, TrainingJob job, JsonMapper json) {
			return new CheckpointResponse(c.getId(), c.getStep(), c.getAttempt(), c.getSizeBytes(), c.getSha256(),
					c.getFormatVersion(), json.readValue(c.getMetrics(), new TypeReference<Map<String, Double>>() {
					}), c.getId().equals(job.getLatestCheckpointId()), c.getId().equals(job.getBestCheckpointId()),
					c.getCreatedAt());
		}

	}

}
