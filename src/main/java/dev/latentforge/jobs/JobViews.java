package dev.latentforge.jobs;

import java.util.List;
import java.util.Map;

import dev.latentforge.models.JobSpec;
import dev.latentforge.web.PageResponse;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads jobs as {@link JobResponse}s inside a read-only transaction (open-in-view is
 * off).
 */
@Component
public class JobViews {

	private final JobService jobs;

	private final JsonMapper json;

	public JobViews(JobService jobs, JsonMapper json) {
		this.jobs = jobs;
		this.json = json;
	}

	@Transactional(readOnly = true)
	public JobResponse get(String id) {
		return view(this.jobs.get(id));
	}

	@Transactional(readOnly = true)
	public PageResponse<JobResponse> list(List<JobStatus> statuses, Pageable pageable) {
		return PageResponse.of(this.jobs.list(statuses, pageable), this::view);
	}

	/** Maps a job; call inside a transaction (the history is loaded lazily). */
	public JobResponse view(TrainingJob job) {
		Map<String, Double> metrics = job.getLatestMetrics() == null ? Map.of()
				: this.json.readValue(job.getLatestMetrics(), new TypeReference<Map<String, Double>>() {
				});
		List<JobResponse.Transition> history = job.getTransitions()
			.stream()
			.map((t) -> new JobResponse.Transition(t.getFrom(), t.getTo(), t.getAttempt(), t.getReason(), t.getNode(),
					t.getAt()))
			.toList();
		return new JobResponse(job.getId(), job.getOwner(), job.getName(), job.getStatus(),
				new JobResponse.DatasetRef(job.getDatasetId(), job.getDatasetSha256(), job.getDatasetVersion()),
				this.json.readValue(job.getSpec(), JobSpec.class), job.getPriority(),
				new JobResponse.DeviceInfo(job.getDeviceRequested(), job.getDevice(), job.getThreads()),
				job.getAttempt(),
				new JobResponse.Progress(job.getProgressStep(), job.getProgressTotal(), job.getProgressEpoch(),
						job.getProgressPhase(), job.getStepsPerSecond(), job.getEtaSeconds()),
				metrics, job.getLatestCheckpointId(), job.getBestCheckpointId(), job.getFailureReason(),
				job.getRunningMillis() / 1000.0, job.getCreatedAt(), job.getUpdatedAt(), job.getStartedAt(),
				job.getFinishedAt(), history);
	}

}
