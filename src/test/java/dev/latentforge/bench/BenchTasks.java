package dev.latentforge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.generation.PaddedBatches;
import dev.latentforge.jobs.worker.JobFile;
import dev.latentforge.models.Autoencoding;
import dev.latentforge.models.Generating;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.TrainingData;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark's DJL-side measurements, each run in a JVM of its own with the worker's
 * settings (thread count, heap, {@code MALLOC_ARENA_MAX}), printing one JSON line.
 * <ul>
 * <li>{@code matmul}: a 1024³ FP32 product (calibration);</li>
 * <li>{@code train <job.json> <warmup> <steps>}: row kind (b), the bare loop: the same
 * family trainer the worker drives, on the job file the service wrote for its worker, but
 * with no protocol, metrics, checkpoints or service;</li>
 * <li>{@code limit <checkpointDir> <operation> <batch> <seconds>}: the offline throughput
 * of a served operation called directly in fixed batches.</li>
 * </ul>
 */
public final class BenchTasks {

	private static final JsonMapper JSON = ModelFamilies.discover().jsonMapper();

	private BenchTasks() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("ai.djl.offline", "true");
		EngineInfo.engine();
		Map<String, Object> out = switch (args[0]) {
			case "matmul" -> matmul(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
			case "train" -> train(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			case "limit" -> limit(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Double.parseDouble(args[4]));
			default -> throw new IllegalArgumentException("unknown task " + args[0]);
		};
		out.put("djl", EngineInfo.djlVersion());
		out.put("libtorch", EngineInfo.pytorchVersion());
		out.put("threads", JniUtils.getNumThreads());
		out.put("peak_rss_kb", peakRssKilobytes());
		System.out.println(JSON.writeValueAsString(out));
		System.exit(0);
	}

	static Map<String, Object> matmul(int warmup, int steps) {
		JniUtils.setGradMode(false);
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray a = manager.randomUniform(0, 1, new Shape(1024, 1024));
			NDArray b = manager.randomUniform(0, 1, new Shape(1024, 1024));
			for (int i = 0; i < warmup; i++) {
				try (NDArray c = a.matMul(b)) {
					c.getFloat(0, 0);
				}
			}
			long start = System.nanoTime();
			for (int i = 0; i < steps; i++) {
				try (NDArray c = a.matMul(b)) {
					c.getFloat(0, 0);
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9 / steps;
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("task", "matmul");
			out.put("device", "cpu");
			out.put("seconds_per_op", seconds);
			out.put("gflops", 2.0 * 1024 * 1024 * 1024 / seconds / 1e9);
			return out;
		}
	}

	/** The bare loop: what {@code WorkerRun} does per step, and nothing else. */
	static Map<String, Object> train(Path jobFile, int warmup, int steps) throws Exception {
		JobFile job = JobFile.read(jobFile, JSON);
		TrainingSpec training = job.spec().training();
		Engine engine = EngineInfo.engine();
		JniUtils.setGradMode(false);
		engine.setRandomSeed(Math.floorMod(training.seed(), Integer.MAX_VALUE));
		Rng rng = new Rng(training.seed());
		ModelFamily family = ModelFamilies.discover().require(job.family());
		TrainingData data = TrainingData.load(Path.of(job.datasetDir()), job.spec().dataOrDefault(), training.batch(),
				rng);
		Device device = Device.cpu();
		long total = warmup + steps;
		try (NDManager manager = NDManager.newBaseManager(device);
				ModelTrainer trainer = family
					.newTrainer(new TrainingSession(job.spec(), total, data, manager, device, rng))) {
			trainer.initialise(Optional.empty());
			long step = 0;
			for (; step < warmup; step++) {
				try (NDScope scope = new NDScope()) {
					trainer.step(step + 1);
				}
			}
			long start = System.nanoTime();
			for (; step < total; step++) {
				try (NDScope scope = new NDScope()) {
					trainer.step(step + 1);
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("task", "train");
			out.put("family", job.family());
			out.put("device", "cpu");
			out.put("batch", training.batch());
			out.put("seconds_per_step", seconds / steps);
			out.put("images_per_second", steps * (double) training.batch() / seconds);
			return out;
		}
	}

	/** Offline throughput of a served operation in fixed batches, grad mode off. */
	static Map<String, Object> limit(Path checkpointDir, String operation, int batch, double budgetSeconds)
			throws Exception {
		JniUtils.setGradMode(false);
		CheckpointData data = CheckpointFiles.read(checkpointDir, JSON);
		ModelFamily family = ModelFamilies.discover().require(data.manifest().family());
		try (NDManager manager = NDManager.newBaseManager(); LoadedModel model = family.load(data, manager)) {
			int width;
			java.util.function.UnaryOperator<NDArray> op;
			if (operation.equals("decode")) {
				Autoencoding ae = (Autoencoding) model;
				width = ae.latentSize();
				op = ae::decode;
			}
			else if (operation.equals("generate")) {
				// as the service runs it: each row is a latent vector and its encoded
				// condition (label i mod L), split by the service's own operation
				Generating generator = (Generating) model;
				int latent = generator.latentSize();
				int conditionSize = generator.vocabulary().size();
				int labels = generator.vocabulary().labels().size();
				width = latent + conditionSize;
				float[] rows = rows(batch, width);
				for (int i = 0; i < batch && conditionSize > 0; i++) {
					java.util.Arrays.fill(rows, i * width + latent, (i + 1) * width, 0f);
					if (labels > 0) {
						rows[i * width + latent + i % labels] = 1f;
					}
				}
				op = dev.latentforge.generation.Generator.onRows(generator);
				return measure(model, rows, batch, new Shape(width), op, budgetSeconds, operation);
			}
			else {
				Autoencoding ae = (Autoencoding) model;
				width = data.manifest().dataset().channels() * data.manifest().dataset().height()
						* data.manifest().dataset().width();
				Shape image = new Shape(data.manifest().dataset().channels(), data.manifest().dataset().height(),
						data.manifest().dataset().width());
				op = ae::reconstruct;
				float[] rows = rows(batch, width);
				return measure(model, rows, batch, image, op, budgetSeconds, operation);
			}
			return measure(model, rows(batch, width), batch, new Shape(width), op, budgetSeconds, operation);
		}
	}

	private static float[] rows(int batch, int width) {
		Random random = new Random(1);
		float[] rows = new float[batch * width];
		for (int i = 0; i < rows.length; i++) {
			rows[i] = (float) random.nextGaussian() * 0.5f + 0.5f;
		}
		return rows;
	}

	private static Map<String, Object> measure(LoadedModel model, float[] rows, int batch, Shape rowShape,
			java.util.function.UnaryOperator<NDArray> op, double budgetSeconds, String operation) {
		for (int i = 0; i < 20; i++) {
			PaddedBatches.run(model, rows, batch, rowShape, op, batch);
		}
		long start = System.nanoTime();
		long calls = 0;
		long budget = (long) (budgetSeconds * 1e9);
		while (System.nanoTime() - start < budget) {
			PaddedBatches.run(model, rows, batch, rowShape, op, batch);
			calls++;
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("task", "limit");
		out.put("operation", operation);
		out.put("device", "cpu");
		out.put("batch", batch);
		out.put("calls", calls);
		out.put("images_per_second", calls * (double) batch / seconds);
		return out;
	}

	static long peakRssKilobytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (java.io.IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

}
