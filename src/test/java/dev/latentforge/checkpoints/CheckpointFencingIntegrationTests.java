package dev.latentforge.checkpoints;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.latentforge.StorageProperties;
import dev.latentforge.jobs.AttemptStart;
import dev.latentforge.jobs.JobLifecycle;
import dev.latentforge.jobs.JobStatus;
import dev.latentforge.jobs.TrainingJob;
import dev.latentforge.jobs.TrainingJobRepository;
import dev.latentforge.models.QualityMetric;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.ServiceIntegrationTest;
import dev.latentforge.testing.WorkerHarness;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checkpoint commits are fenced by the attempt number, and retention keeps the latest,
 * the best and the pinned checkpoints.
 */
class CheckpointFencingIntegrationTests extends ServiceIntegrationTest {

	static final Set<String> PINNED = new HashSet<>();

	@TestConfiguration
	static class Pins {

		@Bean
		CheckpointPins testPins() {
			return (jobId) -> Set.copyOf(PINNED);
		}

	}

	@Autowired
	TrainingJobRepository jobs;

	@Autowired
	JobLifecycle lifecycle;

	@Autowired
	CheckpointService checkpoints;

	@Autowired
	CheckpointRepository checkpointRows;

	@Autowired
	StorageProperties storage;

	static final QualityMetric MSE = new QualityMetric("val_mse", true);

	String unscheduledJob() {
		String id = UUID.randomUUID().toString();
		TrainingJob job = TrainingJob.submitted(id, new TrainingJob.Submission("tester", "fencing", "autoencoder", "{}",
				"shapes", "sha", 1, 0, "cpu", 100, null, null), Instant.now());
		this.jobs.save(job);
		return id;
	}

	CheckpointService.Report write(String jobId, int attempt, long step, double mse) throws Exception {
		Path attemptDir = this.storage.jobs().resolve(jobId).resolve("a" + attempt);
		CheckpointManifest manifest = new CheckpointManifest(CheckpointFiles.FORMAT_VERSION, jobId, attempt, step, 100,
				"autoencoder", null, null, 1, 1, "cpu", null, Map.of(), Map.of("val_mse", mse), Map.of(),
				Instant.now());
		CheckpointFiles.Written written = CheckpointFiles.write(attemptDir, manifest,
				Map.of("w", Tensor.ofFloats(new int[] { 2 }, new float[] { (float) step, 1f })),
				Map.of("updates", Tensor.ofFloats(new int[] { 1 }, new float[] { 1f })), null, WorkerHarness.JSON);
		return new CheckpointService.Report(jobId, attempt, step, written.dir(), written.sha256(), written.sizeBytes(),
				new LinkedHashMap<>(Map.of("val_mse", mse)));
	}

	@Test
	void staleAttemptsCannotCommit() throws Exception {
		String id = unscheduledJob();
		AttemptStart first = this.lifecycle.startAttempt(id, "node-a").attempt();
		assertThat(first.attempt()).isEqualTo(1);
		// node-a is presumed dead; another node revives the job and starts attempt 2
		assertThat(this.lifecycle.revive(id, "node-a stopped heart-beating")).isTrue();
		AttemptStart second = this.lifecycle.startAttempt(id, "node-b").attempt();
		assertThat(second.attempt()).isEqualTo(2);
		CheckpointService.Report stale = write(id, 1, 10, 0.5);
		assertThat(this.checkpoints.commit(stale, MSE)).isEmpty();
		assertThat(stale.dir()).doesNotExist();
		assertThat(this.checkpointRows.findByJobIdOrderByStepAsc(id)).isEmpty();
		Optional<Checkpoint> current = this.checkpoints.commit(write(id, 2, 10, 0.5), MSE);
		assertThat(current).isPresent();
		TrainingJob job = this.jobs.findById(id).orElseThrow();
		assertThat(job.getLatestCheckpointId()).isEqualTo(current.get().getId());
		assertThat(job.getStatus()).isEqualTo(JobStatus.RUNNING);
		// the stale attempt cannot end the job either
		assertThat(this.lifecycle.finishAttempt(id, 1, (j) -> j.succeed(Instant.now()))).isFalse();
		assertThat(this.jobs.findById(id).orElseThrow().getStatus()).isEqualTo(JobStatus.RUNNING);
	}

	@Test
	void retentionKeepsTheLatestTheBestAndPinned() throws Exception {
		String id = unscheduledJob();
		this.lifecycle.startAttempt(id, "node-a").attempt();
		double[] mse = { 0.9, 0.2, 0.8, 0.7, 0.6, 0.5, 0.4 };
		String pinned = null;
		for (int i = 0; i < mse.length; i++) {
			Checkpoint committed = this.checkpoints.commit(write(id, 1, (i + 1) * 10L, mse[i]), MSE).orElseThrow();
			if (i == 2) {
				pinned = committed.getId();
				PINNED.add(pinned);
			}
		}
		String pinnedId = pinned;
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.checkpointRows.findByJobIdOrderByStepAsc(id).size() == 5);
		List<Checkpoint> kept = this.checkpointRows.findByJobIdOrderByStepAsc(id);
		assertThat(kept).extracting(Checkpoint::getStep).containsExactly(20L, 30L, 50L, 60L, 70L);
		assertThat(kept).extracting(Checkpoint::getId).contains(pinnedId);
		TrainingJob job = this.jobs.findById(id).orElseThrow();
		assertThat(this.checkpointRows.findById(job.getBestCheckpointId()).orElseThrow().getStep()).isEqualTo(20L);
		assertThat(this.checkpointRows.findById(job.getLatestCheckpointId()).orElseThrow().getStep()).isEqualTo(70L);
		try (var dirs = Files.list(this.storage.jobs().resolve(id).resolve("a1"))) {
			assertThat(dirs.map((p) -> p.getFileName().toString()).sorted().toList()).containsExactly("s20", "s30",
					"s50", "s60", "s70");
		}
		PINNED.remove(pinnedId);
	}

}
