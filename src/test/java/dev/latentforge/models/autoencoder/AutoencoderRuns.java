package dev.latentforge.models.autoencoder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.ScheduleSpec;
import dev.latentforge.models.TrainingData;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.tensors.Tensor;

/**
 * Runs an autoencoder trainer in this JVM, as the worker does (grad mode off outside the
 * gradient collector, every step and evaluation in an {@link NDScope}), for tests and the
 * benchmark.
 */
final class AutoencoderRuns implements AutoCloseable {

	final NDManager manager;

	final TrainingSession session;

	final AutoencoderTrainer trainer;

	final AutoencoderSpec spec;

	final DatasetInfo info;

	private AutoencoderRuns(NDManager manager, TrainingSession session, AutoencoderSpec spec, DatasetInfo info) {
		this.manager = manager;
		this.session = session;
		this.spec = spec;
		this.info = info;
		this.trainer = new AutoencoderTrainer(session);
	}

	static AutoencoderRuns start(Path datasetDir, AutoencoderSpec spec, long steps, int batch, double learningRate,
			long seed) throws IOException {
		return start(datasetDir, spec, steps, batch, learningRate, seed, null, Optional.empty());
	}

	static AutoencoderRuns start(Path datasetDir, AutoencoderSpec spec, long steps, int batch, double learningRate,
			long seed, ScheduleSpec schedule, Optional<CheckpointData> resume) throws IOException {
		OptimizerSpec optimizer = new OptimizerSpec(null, learningRate, null, null, null, null, schedule).resolved();
		return start(datasetDir, spec, steps, batch, optimizer, seed, resume);
	}

	static AutoencoderRuns start(Path datasetDir, AutoencoderSpec spec, long steps, int batch, OptimizerSpec optimizer,
			long seed, Optional<CheckpointData> resume) throws IOException {
		EngineInfo.engine();
		JniUtils.setGradMode(false);
		DatasetInfo info = DatasetFiles.readInfo(datasetDir);
		TrainingSpec training = new TrainingSpec(steps, null, batch, optimizer, seed, (int) steps, null).resolved(0,
				seed);
		JobSpec job = new JobSpec("test", info.id(), DataSelection.all(), spec.resolved(), training, 0, "cpu");
		Rng rng = new Rng(seed);
		TrainingData data = TrainingData.load(datasetDir, DataSelection.all(), batch, rng);
		NDManager manager = NDManager.newBaseManager(Device.cpu());
		AutoencoderRuns run = new AutoencoderRuns(manager,
				new TrainingSession(job, steps, data, manager, Device.cpu(), rng), spec.resolved(), info);
		run.trainer.initialise(resume);
		return run;
	}

	/**
	 * Runs steps {@code from..to} (1-based, inclusive) and returns the last step's
	 * metrics.
	 */
	Map<String, Double> run(long from, long to) {
		Map<String, Double> last = Map.of();
		for (long step = from; step <= to; step++) {
			try (NDScope scope = new NDScope()) {
				last = this.trainer.step(step);
			}
		}
		return last;
	}

	Map<String, Double> evaluate() {
		try (NDScope scope = new NDScope()) {
			return this.trainer.evaluate();
		}
	}

	/** The state the worker would checkpoint after {@code step}, held in memory. */
	CheckpointData checkpoint(long step) {
		CheckpointManifest manifest = new CheckpointManifest(1, "test", 1, step, this.session.totalSteps(),
				"autoencoder", this.session.spec(),
				new CheckpointManifest.DatasetRef(this.info.id(), "0", 1, this.info.channels(), this.info.height(),
						this.info.width(), this.info.bitDepth()),
				this.session.spec().training().seed(), 1, "cpu", null, Map.of(), Map.of(), Map.of(), Instant.now());
		return new CheckpointData(null, manifest, new LinkedHashMap<>(this.trainer.parameters()),
				new LinkedHashMap<>(this.trainer.optimizerState()));
	}

	@Override
	public void close() {
		this.trainer.close();
		this.manager.close();
	}

	// ---- data sets ----

	/** The built-in {@code shapes} set (28×28 grey), written to {@code dir}. */
	static Path shapes(Path dir) throws IOException {
		return write(dir, new dev.latentforge.datasets.builtin.Shapes().generate());
	}

	static Path write(Path dir, BuiltinDataset.Content content) throws IOException {
		DatasetFiles.write(dir, content.info(), content.splits());
		return dir;
	}

	/**
	 * A 3-channel 8×8 set: a square at one of four corners (the class) coloured red,
	 * green or blue at random, on a dim background with noise.
	 */
	static Path colours(Path dir, int trainCount, int testCount) throws IOException {
		Map<String, DatasetFiles.SplitData> splits = new LinkedHashMap<>();
		splits.put("train", colours(trainCount, 3));
		splits.put("test", colours(testCount, 4));
		DatasetInfo info = new DatasetInfo("colours", "colours", DatasetInfo.DatasetKind.IMAGES, false, 3, 8, 8, 8,
				List.of("top-left", "top-right", "bottom-left", "bottom-right"), List.of(), Map.of(), null, 1, 0,
				Instant.parse("2026-01-01T00:00:00Z"));
		DatasetFiles.write(dir, info, splits);
		return dir;
	}

	private static DatasetFiles.SplitData colours(int count, long seed) {
		java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
		byte[] pixels = new byte[count * 3 * 64];
		int[] labels = new int[count];
		for (int n = 0; n < count; n++) {
			int label = random.nextInt(4);
			int colour = random.nextInt(3);
			labels[n] = label;
			int top = (label / 2) * 4;
			int left = (label % 2) * 4;
			for (int c = 0; c < 3; c++) {
				for (int y = 0; y < 8; y++) {
					for (int x = 0; x < 8; x++) {
						boolean inside = y >= top && y < top + 4 && x >= left && x < left + 4 && c == colour;
						pixels[((n * 3 + c) * 8 + y) * 8 + x] = (byte) ((inside ? 200 : 20) + random.nextInt(40));
					}
				}
			}
		}
		return new DatasetFiles.SplitData(Tensor.ofUint8(new int[] { count, 3, 8, 8 }, pixels), labels, null);
	}

}
