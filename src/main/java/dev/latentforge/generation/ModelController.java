package dev.latentforge.generation;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.latentforge.checkpoints.Checkpoint;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointService;
import dev.latentforge.jobs.JobResponse;
import dev.latentforge.jobs.JobService;
import dev.latentforge.jobs.JobStatus;
import dev.latentforge.jobs.JobViews;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.QualityMetric;
import dev.latentforge.tensors.Npz;
import dev.latentforge.tensors.Safetensors;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.PageQuery;
import dev.latentforge.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Sort;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The models API: trained models (a model's id is its job's id), their checkpoints and
 * exports.
 */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Trained models: inspect and export")
class ModelController {

	private static final Map<String, String> SORTABLE = Map.of("createdAt", "createdAt", "finishedAt", "finishedAt",
			"name", "name");

	private final JobService jobs;

	private final JobViews views;

	private final ServedModels served;

	private final CheckpointService checkpoints;

	private final JsonMapper json;

	ModelController(JobService jobs, JobViews views, ServedModels served, CheckpointService checkpoints,
			JsonMapper json) {
		this.jobs = jobs;
		this.views = views;
		this.served = served;
		this.checkpoints = checkpoints;
		this.json = json;
	}

	/**
	 * A trained model.
	 *
	 * @param id its id (its job's id)
	 * @param name its name
	 * @param family its model family
	 * @param status its job's status
	 * @param spec its job's resolved specification
	 * @param capabilities the operations it offers
	 * @param dataset the data set it was trained on
	 * @param qualityMetric the metric that picks its best checkpoint
	 * @param bestCheckpointId its best checkpoint
	 * @param latestCheckpointId its latest checkpoint
	 * @param metrics the best checkpoint's metrics
	 * @param checkpoints its checkpoints, oldest first
	 * @param exportLayout how exported parameters are named and laid out
	 * @param createdAt when its job was submitted
	 * @param finishedAt when its job finished
	 */
	record ModelResponse(String id, String name, String family, JobStatus status, JobSpec spec,
			Set<String> capabilities, JobResponse.DatasetRef dataset, QualityMetric qualityMetric,
			String bestCheckpointId, String latestCheckpointId, Map<String, Double> metrics,
			List<CheckpointSummary> checkpoints, String exportLayout, Instant createdAt, Instant finishedAt) {
	}

	/**
	 * A checkpoint of a model.
	 *
	 * @param id its id
	 * @param step its step
	 * @param sha256 the hash of its parameters
	 * @param metrics its metrics
	 * @param createdAt when it was committed
	 */
	record CheckpointSummary(String id, long step, String sha256, Map<String, Double> metrics, Instant createdAt) {
	}

	@GetMapping
	@Operation(operationId = "listModels", summary = "List trained models",
			description = "The succeeded jobs, newest first.")
	@Transactional(readOnly = true)
	PageResponse<ModelResponse> list(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size,
			@Parameter(description = "createdAt, finishedAt or name; optionally ,asc or ,desc") @RequestParam(
					required = false) String sort) {
		return PageResponse.of(
				this.jobs.list(List.of(JobStatus.SUCCEEDED),
						PageQuery.of(page, size, sort, SORTABLE, Sort.by(Sort.Direction.DESC, "createdAt"))),
				(job) -> view(this.views.view(job)));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getModel", summary = "Get a model",
			description = "Any job with at least one checkpoint can serve; this shows its spec, capabilities, "
					+ "checkpoints and metrics.")
	@Transactional(readOnly = true)
	ModelResponse get(@PathVariable String id) {
		return view(this.views.get(id));
	}

	private ModelResponse view(JobResponse job) {
		ModelFamily family = this.served.families().of(job.spec().model());
		List<Checkpoint> all = this.checkpoints.list(job.id());
		List<CheckpointSummary> summaries = all.stream()
			.map((c) -> new CheckpointSummary(c.getId(), c.getStep(), c.getSha256(), metrics(c), c.getCreatedAt()))
			.toList();
		Map<String, Double> metrics = all.stream()
			.filter((c) -> c.getId().equals(job.bestCheckpointId()))
			.findFirst()
			.map(this::metrics)
			.orElse(Map.of());
		return new ModelResponse(job.id(), job.name(), family.type(), job.status(), job.spec(),
				family.capabilities(job.spec().model()), job.dataset(), family.qualityMetric(job.spec().model()),
				job.bestCheckpointId(), job.latestCheckpointId(), metrics, summaries,
				family.exportLayout(job.spec().model()), job.createdAt(), job.finishedAt());
	}

	private Map<String, Double> metrics(Checkpoint checkpoint) {
		return this.json.readValue(checkpoint.getMetrics(), new TypeReference<LinkedHashMap<String, Double>>() {
		});
	}

	@GetMapping(path = "/{id}/export", produces = { Npz.MEDIA_TYPE, Safetensors.MEDIA_TYPE })
	@Operation(operationId = "exportModel", summary = "Export a model's parameters",
			description = "Named parameters as NumPy .npz or safetensors, loadable without DJL; the layout is "
					+ "described by the model's exportLayout.")
	@ApiResponse(responseCode = "200",
			content = { @Content(mediaType = Npz.MEDIA_TYPE, schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = Safetensors.MEDIA_TYPE,
							schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "400", description = "Unknown format")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	ResponseEntity<byte[]> export(@PathVariable String id,
			@Parameter(description = "npz (default) or safetensors") @RequestParam(defaultValue = "npz") String format,
			@Parameter(description = "best (default), latest, or a checkpoint id") @RequestParam(
					required = false) String checkpoint)
			throws IOException {
		if (!format.equals("npz") && !format.equals("safetensors")) {
			throw ApiException.invalid("format", "must be npz or safetensors");
		}
		ServedModels.Selected selected = this.served.select(id, checkpoint, "export");
		Map<String, Tensor> parameters = CheckpointFiles
			.read(this.checkpoints.directory(selected.checkpoint()), this.json)
			.parameters();
		String name = ServedModels.exportName(selected) + "." + format;
		byte[] body;
		MediaType type;
		if (format.equals("npz")) {
			body = Npz.toBytes(parameters);
			type = MediaType.parseMediaType(Npz.MEDIA_TYPE);
		}
		else {
			Map<String, String> metadata = new LinkedHashMap<>();
			metadata.put("format", "latentforge-export");
			metadata.put("family", selected.family().type());
			metadata.put("model", id);
			metadata.put("checkpoint", selected.checkpoint().getId());
			metadata.put("step", Long.toString(selected.checkpoint().getStep()));
			metadata.put("layout", selected.family().exportLayout(selected.spec().model()));
			body = Safetensors.toBytes(parameters, metadata);
			type = MediaType.parseMediaType(Safetensors.MEDIA_TYPE);
		}
		HttpHeaders headers = new HttpHeaders();
		headers.setContentDisposition(ContentDisposition.attachment().filename(name).build());
		headers.set("Latentforge-Checkpoint", selected.checkpoint().getId());
		headers.set("Latentforge-Checkpoint-Sha256", selected.checkpoint().getSha256());
		return ResponseEntity.ok().headers(headers).contentType(type).body(body);
	}

}
