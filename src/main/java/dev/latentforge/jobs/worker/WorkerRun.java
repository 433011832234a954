package dev.latentforge.jobs.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.engine.Devices;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.TrainingData;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * One attempt of a job inside the worker: the generic loop around a family's
 * {@link ModelTrainer}. It resumes from the given checkpoint, runs each step inside an
 * {@link NDScope} (unscoped steps leak native memory), stops a non-finite loss without
 * writing a checkpoint, reports metrics and progress, writes checkpoints every
 * {@code checkpointEvery} steps and at the end, and honours cancel, shutdown and the
 * wall-time budget after the current step.
 */
final class WorkerRun {

	private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

	private final JobFile job;

	private final ModelFamilies families;

	private final JsonMapper json;

	private final ProtocolWriter protocol;

	private final Commands commands;

	private final Map<String, double[]> window = new LinkedHashMap<>();

	private long lastCheckpointStep = -1;

	private long lastProgressStep = -1;

	private double stepsPerSecond;

	WorkerRun(JobFile job, ModelFamilies families, JsonMapper json, ProtocolWriter protocol, Commands commands) {
		this.job = job;
		this.families = families;
		this.json = json;
		this.protocol = protocol;
		this.commands = commands;
	}

	private java.util.Map<String, Path> inputs() {
		java.util.Map<String, Path> out = new java.util.LinkedHashMap<>();
		this.job.inputs().forEach((field, dir) -> out.put(field, Path.of(dir)));
		return out;
	}

	int run() throws IOException {
		long started = System.nanoTime();
		TrainingSpec training = this.job.spec().training();
		long total = training.maxSteps();
		Engine engine = EngineInfo.engine();
		JniUtils.setGradMode(false);
		// the worker's log says which libtorch it runs on (PYTORCH_LIBRARY_PATH or the
		// jar's)
		System.err.println("libtorch " + engine.getVersion() + " loaded from " + EngineInfo.nativeLibrary());
		Device device;
		try {
			device = Devices.resolve(this.job.device(), engine.getGpuCount());
		}
		catch (IllegalArgumentException ex) {
			this.protocol.failed(0, ex.getMessage(), false);
			return WorkerMain.EXIT_FAILED;
		}
		engine.setRandomSeed(Math.floorMod(training.seed(), Integer.MAX_VALUE));
		Rng rng = new Rng(training.seed());
		ModelFamily family = this.families.require(this.job.family());
		TrainingData data;
		try {
			data = TrainingData.load(Path.of(this.job.datasetDir()), this.job.spec().dataOrDefault(), training.batch(),
					rng);
		}
		catch (IllegalArgumentException | IOException ex) {
			this.protocol.failed(0, "bad data: " + ex.getMessage(), false);
			return WorkerMain.EXIT_FAILED;
		}
		Optional<CheckpointData> resume = Optional.empty();
		if (this.job.resumeFrom() != null) {
			try {
				resume = Optional.of(CheckpointFiles.read(Path.of(this.job.resumeFrom()), this.json));
			}
			catch (IOException | RuntimeException ex) {
				this.protocol.failed(0, "the checkpoint to resume from is unreadable: " + ex.getMessage(), false);
				return WorkerMain.EXIT_FAILED;
			}
		}
		long step = resume.map((c) -> c.manifest().step()).orElse(0L);
		this.lastCheckpointStep = resume.isPresent() ? step : -1;
		String deviceName = Devices.name(device);
		int threads = JniUtils.getNumThreads();
		try (NDManager manager = NDManager.newBaseManager(device);
				ModelTrainer trainer = family
					.newTrainer(new TrainingSession(this.job.spec(), total, data, manager, device, rng, inputs()))) {
			trainer.initialise(resume);
			this.protocol.progress(step, total, step == 0 ? 0 : data.epoch(step + 1), trainer.phase(step + 1), null,
					null, deviceName, threads);
			this.lastProgressStep = step;
			long reportEvery = Math.max(1, total / 1000);
			long lastProgress = System.nanoTime();
			long stepsSinceProgress = 0;
			long lastReport = System.nanoTime();
			long stepsSinceReport = 0;
			Long deadline = this.job.wallTimeRemainingMillis() == null ? null
					: started + this.job.wallTimeRemainingMillis() * 1_000_000L;
			while (step < total) {
				if (this.commands.cancelRequested() || this.commands.exitRequested()) {
					String reason = this.commands.cancelRequested() ? WorkerMessage.CANCELLED : WorkerMessage.SHUTDOWN;
					checkpoint(trainer, data, step, total, deviceName, threads);
					progress(trainer, data, step, total);
					this.protocol.done(step, reason);
					return 0;
				}
				if (deadline != null && System.nanoTime() > deadline) {
					checkpoint(trainer, data, step, total, deviceName, threads);
					this.protocol.failed(step, "maxWallTime " + training.maxWallTime() + " exceeded at step " + step
							+ " of " + total + "; the checkpoint at this step is kept, resume to continue", false);
					return WorkerMain.EXIT_FAILED;
				}
				step++;
				Map<String, Double> metrics;
				try (NDScope scope = new NDScope()) {
					metrics = trainer.step(step);
				}
				Double loss = metrics.get("loss");
				if (loss == null || !Double.isFinite(loss)) {
					progress(trainer, data, step, total);
					String last = this.lastCheckpointStep >= 0
							? "the last good checkpoint is at step " + this.lastCheckpointStep
							: "no checkpoint was written before it";
					this.protocol.failed(step, "non-finite loss (" + loss + ") at step " + step + "; " + last, false);
					return WorkerMain.EXIT_FAILED;
				}
				accumulate(metrics);
				stepsSinceReport++;
				if (step % reportEvery == 0 || step == total) {
					long reported = System.nanoTime();
					Map<String, Double> window = drainWindow();
					// everything the worker spent since the last report: steps,
					// reporting,
					// checkpoints
					window.put("images_per_second",
							stepsSinceReport * (double) training.batch() * 1e9 / Math.max(1, reported - lastReport));
					this.protocol.metric(step, window);
					lastReport = reported;
					stepsSinceReport = 0;
				}
				stepsSinceProgress++;
				long now = System.nanoTime();
				if (now - lastProgress >= PROGRESS_INTERVAL_NANOS || step == total) {
					this.stepsPerSecond = stepsSinceProgress * 1e9 / Math.max(1, now - lastProgress);
					progress(trainer, data, step, total);
					lastProgress = now;
					stepsSinceProgress = 0;
				}
				if (step % training.checkpointEvery() == 0 || step == total) {
					checkpoint(trainer, data, step, total, deviceName, threads);
				}
			}
			if (this.lastCheckpointStep != step) {
				checkpoint(trainer, data, step, total, deviceName, threads);
			}
			this.protocol.done(step, WorkerMessage.COMPLETED);
			return 0;
		}
	}

	/** Reports where the run stands (at most once per step). */
	private void progress(ModelTrainer trainer, TrainingData data, long step, long total) {
		if (step == this.lastProgressStep) {
			return;
		}
		long next = Math.min(total, step + 1);
		this.protocol.progress(step, total, data.epoch(next), trainer.phase(next), this.stepsPerSecond,
				(total - step) / Math.max(1e-9, this.stepsPerSecond), null, null);
		this.lastProgressStep = step;
	}

	private void checkpoint(ModelTrainer trainer, TrainingData data, long step, long total, String device, int threads)
			throws IOException {
		if (step == this.lastCheckpointStep || step == 0) {
			return;
		}
		progress(trainer, data, step, total);
		Map<String, Double> metrics;
		byte[] samples;
		try (NDScope scope = new NDScope()) {
			metrics = trainer.evaluate();
			samples = trainer.sampleGrid();
		}
		for (Map.Entry<String, Double> metric : metrics.entrySet()) {
			if (metric.getValue() == null || !Double.isFinite(metric.getValue())) {
				// the weights went bad while the training loss stayed finite: keep the
				// last good checkpoint
				throw new NonFiniteException(
						"non-finite " + metric.getKey() + " (" + metric.getValue() + ") at the checkpoint of step "
								+ step + "; the last good checkpoint is at step " + this.lastCheckpointStep);
			}
		}
		long next = step + 1;
		CheckpointManifest manifest = new CheckpointManifest(CheckpointFiles.FORMAT_VERSION, this.job.jobId(),
				this.job.attempt(), step, total, this.job.family(), this.job.spec(), this.job.dataset(),
				this.job.spec().training().seed(), threads, device, new CheckpointManifest.DataCursor(data.epoch(next),
						(next - 1) % data.stepsPerEpoch(), data.stepsPerEpoch()),
				EngineInfo.libraries(), metrics, Map.of(), Instant.now());
		CheckpointFiles.Written written = CheckpointFiles.write(Path.of(this.job.attemptDir()), manifest,
				trainer.parameters(), trainer.optimizerState(), samples, this.json);
		this.lastCheckpointStep = step;
		this.protocol.metric(step, metrics);
		this.protocol.checkpoint(step, written.dir().toString(), written.sha256(), written.sizeBytes(), metrics);
		if (samples != null) {
			this.protocol.sample(step, written.dir().resolve(CheckpointFiles.SAMPLES).toString());
		}
	}

	/**
	 * The model's held-out metrics are not finite: the run fails without writing the
	 * checkpoint.
	 */
	static final class NonFiniteException extends RuntimeException {

		NonFiniteException(String message) {
			super(message);
		}

	}

	private void accumulate(Map<String, Double> metrics) {
		metrics.forEach((name, value) -> {
			double[] sum = this.window.computeIfAbsent(name, (k) -> new double[2]);
			sum[0] += value;
			sum[1]++;
		});
	}

	private Map<String, Double> drainWindow() {
		Map<String, Double> out = new LinkedHashMap<>();
		this.window.forEach((name, sum) -> out.put(name, sum[0] / sum[1]));
		this.window.clear();
		return out;
	}

}
