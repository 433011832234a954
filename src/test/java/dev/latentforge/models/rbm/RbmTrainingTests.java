package dev.latentforge.models.rbm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.ChainSampling;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.ScheduleSpec;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.WorkerHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trains RBMs in a worker JVM on bars-and-stripes (30 patterns, best possible mean
 * log-likelihood −ln 30 ≈ −3.40 nats) and checks the result by an exact enumeration
 * written independently of the training code; resumes a cancelled PCD run bit for bit.
 */
class RbmTrainingTests {

	static {
		System.setProperty("ai.djl.pytorch.num_threads", "1");
		System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
	}

	@TempDir
	static Path dir;

	static DatasetInfo dataset;

	@BeforeAll
	static void dataset() throws Exception {
		dataset = BarsAndStripesTraining.write(dir);
	}

	/** SGD at 0.1 with momentum 0.5, decayed exponentially to 0.01 at the last step. */
	static OptimizerSpec decayed(long steps) {
		double gamma = Math.pow(0.1, 1.0 / steps);
		return new OptimizerSpec(OptimizerSpec.Type.SGD, 0.1, null, 0.5, 0.0, null,
				new ScheduleSpec(ScheduleSpec.Type.EXPONENTIAL, 0, null, gamma, null));
	}

	@Test
	void cd10ReachesWithinHalfANatOfTheBestPossibleLogLikelihood() throws Exception {
		long steps = 10_000;
		RbmSpec spec = new RbmSpec(16, null, null, RbmSpec.Sampler.CD, 10, 0.1, null, null, null);
		long started = System.nanoTime();
		WorkerHarness.Run run = WorkerHarness.run(
				BarsAndStripesTraining.job(dir, dataset, "bas-cd10", 1, spec, steps, 10, decayed(steps), 1000, null),
				dir, 1);
		double seconds = (System.nanoTime() - started) / 1e9;
		assertThat(run.exitCode()).as(Files.readString(run.log())).isZero();
		List<WorkerMessage> checkpoints = run.ofType(WorkerMessage.CHECKPOINT);
		assertThat(checkpoints).hasSize(10);
		checkpoints.forEach((c) -> System.out.printf(
				"step %d: log-likelihood %.4f, pseudo %.4f, recon %.4f, " + "free-energy gap %.4f%n", c.step(),
				c.values().get("log_likelihood"), c.values().get("pseudo_log_likelihood"),
				c.values().get("reconstruction_error"), c.values().get("free_energy_gap")));
		WorkerMessage best = checkpoints.stream()
			.max(Comparator.comparingDouble((WorkerMessage c) -> c.values().get("log_likelihood")))
			.orElseThrow();
		CheckpointData data = CheckpointFiles.read(Path.of(best.path()), WorkerHarness.JSON);
		double[][] w = ExactRbm.matrix(data.parameters().get("layers.0.weight").toFloatArray(), 16, 16);
		double[] b = ExactRbm.floats(data.parameters().get("layers.0.visible_bias").toFloatArray());
		double[] c = ExactRbm.floats(data.parameters().get("layers.0.hidden_bias").toFloatArray());
		double exact = ExactRbm.meanLogProbability(w, b, c, BarsAndStripesTraining.patterns());
		System.out.printf(
				"CD-10, 16 hidden, %d updates in %.1f s: best checkpoint (step %d) mean log-likelihood "
						+ "%.4f nats by independent enumeration (worker reported %.4f); optimum -ln 30 = %.4f%n",
				steps, seconds, best.step(), exact, best.values().get("log_likelihood"), -Math.log(30));
		assertThat(exact).isGreaterThanOrEqualTo(-3.9);
		assertThat(best.values().get("log_likelihood")).isCloseTo(exact, org.assertj.core.api.Assertions.within(1e-3));

		// Gibbs samples from the trained model are mostly valid patterns
		try (NDManager manager = NDManager.newBaseManager()) {
			JniUtils.setGradMode(false);
			RbmFamily family = new RbmFamily();
			StackModel model = (StackModel) family.load(data, manager.newSubManager());
			Rng rng = new Rng(99);
			int chains = 500;
			ChainSampling.Chain chain = model.start(manager, chains, null, rng);
			int validCount = 0;
			int samples = 0;
			for (int t = 1; t <= 1000; t++) {
				chain.step(t, rng);
				if (t % 100 == 0) {
					float[] images = chain.images(false).toFloatArray();
					for (int i = 0; i < chains; i++) {
						if (BarsAndStripesTraining.valid(images, i * 16)) {
							validCount++;
						}
						samples++;
					}
				}
			}
			double fraction = (double) validCount / samples;
			System.out.printf("Gibbs samples that are valid bars-and-stripes patterns: %d of %d (%.3f)%n", validCount,
					samples, fraction);
			assertThat(fraction).isGreaterThan(0.8);
			NDArray means = chain.images(true);
			assertThat(means.getShape().getShape()).containsExactly(chains, 1, 4, 4);
		}
	}

	@Test
	void cancelledPcdRunResumesToTheUninterruptedParameters() throws Exception {
		RbmSpec spec = new RbmSpec(8, null, null, RbmSpec.Sampler.PCD, 2, null, null, null, null);
		OptimizerSpec momentum = new OptimizerSpec(OptimizerSpec.Type.SGD, 0.05, null, 0.9, 1e-4, null, null);
		WorkerHarness.Run whole = WorkerHarness
			.run(BarsAndStripesTraining.job(dir, dataset, "whole", 1, spec, 300, 10, momentum, 100, null), dir, 1);
		assertThat(whole.exitCode()).as(Files.readString(whole.log())).isZero();
		WorkerHarness.Run first = WorkerHarness.run(
				BarsAndStripesTraining.job(dir, dataset, "split", 1, spec, 300, 10, momentum, 100, null), dir, 1,
				WorkerMessage.COMMAND_CANCEL);
		assertThat(first.last().reason()).isEqualTo(WorkerMessage.CANCELLED);
		List<WorkerMessage> written = first.ofType(WorkerMessage.CHECKPOINT);
		WorkerMessage stoppedAt = written.get(written.size() - 1);
		assertThat(stoppedAt.step()).isBetween(100L, 299L);
		CheckpointData stopped = CheckpointFiles.read(Path.of(stoppedAt.path()), WorkerHarness.JSON);
		assertThat(stopped.optimizer()).containsKeys("layer0/updates", "layer0/layers.0.weight.m", "pcd/layers.0");
		WorkerHarness.Run second = WorkerHarness.run(
				BarsAndStripesTraining.job(dir, dataset, "split", 2, spec, 300, 10, momentum, 100, stoppedAt.path()),
				dir, 1);
		assertThat(second.last().reason()).as(Files.readString(second.log())).isEqualTo(WorkerMessage.COMPLETED);
		Map<String, Tensor> expected = finalParameters(whole);
		Map<String, Tensor> actual = finalParameters(second);
		assertThat(actual.keySet()).isEqualTo(expected.keySet());
		expected.forEach((name, tensor) -> assertThat(actual.get(name)).as(name).isEqualTo(tensor));
	}

	static Map<String, Tensor> finalParameters(WorkerHarness.Run run) throws Exception {
		List<WorkerMessage> checkpoints = run.ofType(WorkerMessage.CHECKPOINT);
		return CheckpointFiles.read(Path.of(checkpoints.get(checkpoints.size() - 1).path()), WorkerHarness.JSON)
			.parameters();
	}

}
