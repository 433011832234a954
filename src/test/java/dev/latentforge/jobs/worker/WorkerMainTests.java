package dev.latentforge.jobs.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.files.Hashes;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.models.autoencoder.AutoencoderSpec;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.TestDatasets;
import dev.latentforge.testing.WorkerHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the worker as a child JVM, as a node does, on a tiny data set: it trains,
 * checkpoints, reports, stops on cancel with a resumable checkpoint, resumes bit for bit,
 * and fails on a non-finite loss without retry.
 */
class WorkerMainTests {

	@TempDir
	static Path dir;

	static DatasetInfo dataset;

	@BeforeAll
	static void dataset() throws Exception {
		dataset = TestDatasets.corners(dir.resolve("corners"), "corners", 512, 128);
	}

	static JobFile job(String jobId, int attempt, long steps, OptimizerSpec optimizer, AutoencoderSpec model,
			String resumeFrom) {
		JobSpec spec = new JobSpec("test", "corners", DataSelection.all(), model,
				new TrainingSpec(steps, null, 32, optimizer, 7L, 20, null).resolved(512, 7L), 0, "cpu");
		return new JobFile(jobId, attempt, "autoencoder", spec,
				new CheckpointManifest.DatasetRef("corners", dataset.sha256(), 1, 1, 8, 8, 8),
				dir.resolve("corners").toString(), dir.resolve("jobs").resolve(jobId).resolve("a" + attempt).toString(),
				resumeFrom, "cpu", null);
	}

	static AutoencoderSpec model() {
		return new AutoencoderSpec(List.of(16, 4), null, null, null, null).resolved();
	}

	@Test
	void trainsReportsAndCheckpoints() throws Exception {
		OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Type.ADAM, 0.01, null, null, null, null, null);
		WorkerHarness.Run run = WorkerHarness.run(job("train", 1, 60, adam, model(), null), dir, 1);
		assertThat(run.exitCode()).as(Files.readString(run.log())).isZero();
		assertThat(run.messages().get(0).type()).isEqualTo(WorkerMessage.PROGRESS);
		assertThat(run.messages().get(0).device()).isEqualTo("cpu");
		assertThat(run.messages().get(0).threads()).isEqualTo(1);
		for (int i = 0; i < run.messages().size(); i++) {
			assertThat(run.messages().get(i).v()).isEqualTo(1);
			assertThat(run.messages().get(i).seq()).isEqualTo(i + 1);
		}
		List<WorkerMessage> checkpoints = run.ofType(WorkerMessage.CHECKPOINT);
		assertThat(checkpoints).extracting(WorkerMessage::step).containsExactly(20L, 40L, 60L);
		List<Double> losses = run.ofType(WorkerMessage.METRIC)
			.stream()
			.filter((m) -> m.values().containsKey("loss"))
			.map((m) -> m.values().get("loss"))
			.toList();
		assertThat(losses).hasSize(60);
		// the worker's own throughput, for every reported window
		assertThat(run.ofType(WorkerMessage.METRIC)
			.stream()
			.filter((m) -> m.values().containsKey("loss"))
			.map((m) -> m.values().get("images_per_second"))).allSatisfy((ips) -> assertThat(ips).isPositive());
		double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
		double last = losses.subList(55, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
		assertThat(last).isLessThan(first * 0.9);
		WorkerMessage lastCheckpoint = checkpoints.get(2);
		assertThat(lastCheckpoint.values().get("val_mse_ratio")).isLessThan(0.5);
		CheckpointData data = CheckpointFiles.read(Path.of(lastCheckpoint.path()), WorkerHarness.JSON);
		assertThat(data.manifest().step()).isEqualTo(60);
		assertThat(data.manifest().formatVersion()).isEqualTo(CheckpointFiles.FORMAT_VERSION);
		assertThat(data.parameters()).containsKeys("encoder.0.weight", "encoder.0.bias", "encoder.2.weight",
				"decoder.0.weight", "decoder.2.weight", "decoder.2.bias");
		assertThat(data.parameters().get("encoder.0.weight").shape()).containsExactly(16, 64);
		assertThat(data.optimizer()).containsKeys("updates", "encoder.0.weight.m", "encoder.0.weight.v");
		assertThat(data.optimizer().get("updates").buffer().getLong(0)).isEqualTo(60);
		assertThat(lastCheckpoint.sha256()).isEqualTo(
				Hashes.sha256Hex(Files.readAllBytes(Path.of(lastCheckpoint.path()).resolve(CheckpointFiles.MODEL))));
		assertThat(Path.of(lastCheckpoint.path()).resolve(CheckpointFiles.SAMPLES)).exists();
		assertThat(run.last().type()).isEqualTo(WorkerMessage.DONE);
		assertThat(run.last().reason()).isEqualTo(WorkerMessage.COMPLETED);
	}

	@Test
	void cancelledRunResumesToTheUninterruptedParameters() throws Exception {
		WorkerHarness.Run whole = WorkerHarness.run(job("whole", 1, 50, OptimizerSpec.defaults(), model(), null), dir,
				1);
		assertThat(whole.exitCode()).isZero();
		WorkerHarness.Run first = WorkerHarness.run(job("split", 1, 50, OptimizerSpec.defaults(), model(), null), dir,
				1, WorkerMessage.COMMAND_CANCEL);
		assertThat(first.last().reason()).isEqualTo(WorkerMessage.CANCELLED);
		WorkerMessage stoppedAt = first.ofType(WorkerMessage.CHECKPOINT)
			.get(first.ofType(WorkerMessage.CHECKPOINT).size() - 1);
		assertThat(stoppedAt.step()).isBetween(20L, 49L);
		WorkerHarness.Run second = WorkerHarness
			.run(job("split", 2, 50, OptimizerSpec.defaults(), model(), stoppedAt.path()), dir, 1);
		assertThat(second.last().reason()).isEqualTo(WorkerMessage.COMPLETED);
		assertThat(second.ofType(WorkerMessage.METRIC).get(0).step()).isGreaterThan(stoppedAt.step());
		Map<String, Tensor> expected = finalParameters(whole);
		Map<String, Tensor> actual = finalParameters(second);
		assertThat(actual.keySet()).isEqualTo(expected.keySet());
		expected.forEach((name, tensor) -> assertThat(actual.get(name)).as(name).isEqualTo(tensor));
	}

	@Test
	void nonFiniteLossFailsWithoutRetry() throws Exception {
		OptimizerSpec explosive = new OptimizerSpec(OptimizerSpec.Type.SGD, 10.0, null, null, null, null, null);
		AutoencoderSpec linear = new AutoencoderSpec(List.of(16, 4), AutoencoderSpec.Activation.LINEAR, null,
				AutoencoderSpec.Activation.LINEAR, AutoencoderSpec.Loss.MSE);
		WorkerHarness.Run run = WorkerHarness.run(job("nan", 1, 200, explosive, linear, null), dir, 1);
		assertThat(run.exitCode()).isEqualTo(WorkerMain.EXIT_FAILED);
		assertThat(run.last().type()).isEqualTo(WorkerMessage.FAILED);
		assertThat(run.last().retryable()).isFalse();
		assertThat(run.last().reason()).contains("non-finite loss");
	}

	private static Map<String, Tensor> finalParameters(WorkerHarness.Run run) throws Exception {
		List<WorkerMessage> checkpoints = run.ofType(WorkerMessage.CHECKPOINT);
		return CheckpointFiles.read(Path.of(checkpoints.get(checkpoints.size() - 1).path()), WorkerHarness.JSON)
			.parameters();
	}

}
