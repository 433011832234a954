package dev.latentforge.models.rbm;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.formats.Idx;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.Examples;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.TrainingData;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.tensors.Tensor;

/**
 * The RBM/DBN benchmark (bench/rbm/run.sh): trains RBMs with 20 hidden units (exact
 * log-likelihood) and 500 hidden units (AIS) by CD-1, CD-3, CD-25 and PCD on one update
 * budget, and a DBN, on binarised MNIST-format images (Fashion-MNIST from Debian's
 * package by default, or any IDX files given), and reports the mean test log-probability
 * in nats with AIS's error bars and the training time. It runs the family's own trainer
 * in this JVM (the worker's loop without checkpoints) and its own log-likelihood code.
 *
 * <p>
 * Arguments: {@code --train-images F --test-images F} (IDX, gzipped or not),
 * {@code --updates N} (default 1000), {@code --batch N} (100), {@code --ais-runs N}
 * (100), {@code --ais-temperatures N} (3000), {@code --dbn 500,2000},
 * {@code --rows cd1-20,...} (which rows), {@code --out results.md}.
 */
public final class RbmBenchmark {

	private RbmBenchmark() {
	}

	record Row(String name, int hidden, RbmSpec.Sampler sampler, int k, boolean dbn) {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		String fashion = "/usr/share/datasets/fashion-mnist/";
		Path trainImages = Path.of(options.getOrDefault("train-images", fashion + "train-images-idx3-ubyte.gz"));
		Path testImages = Path.of(options.getOrDefault("test-images", fashion + "t10k-images-idx3-ubyte.gz"));
		int updates = Integer.parseInt(options.getOrDefault("updates", "1000"));
		int batch = Integer.parseInt(options.getOrDefault("batch", "100"));
		int runs = Integer.parseInt(options.getOrDefault("ais-runs", "100"));
		int temperatures = Integer.parseInt(options.getOrDefault("ais-temperatures", "3000"));
		List<Integer> dbnLayers = java.util.Arrays.stream(options.getOrDefault("dbn", "500,2000").split(","))
			.map(Integer::parseInt)
			.toList();
		Path out = Path.of(options.getOrDefault("out", "bench/rbm/results.md"));
		List<Row> rows = new ArrayList<>();
		// cheapest first: the results file is rewritten after every row
		for (int hidden : new int[] { 20, 500 }) {
			rows.add(new Row("CD-1(" + hidden + ")", hidden, RbmSpec.Sampler.CD, 1, false));
			rows.add(new Row("PCD(" + hidden + ")", hidden, RbmSpec.Sampler.PCD, 1, false));
			rows.add(new Row("CD-3(" + hidden + ")", hidden, RbmSpec.Sampler.CD, 3, false));
			rows.add(new Row("CD-25(" + hidden + ")", hidden, RbmSpec.Sampler.CD, 25, false));
		}
		rows.add(new Row("DBN 784-" + dbnLayers.stream().map(String::valueOf).reduce((a, b) -> a + "-" + b).get(), 0,
				RbmSpec.Sampler.CD, 1, true));
		if (options.containsKey("rows")) {
			List<String> wanted = List.of(options.get("rows").split(","));
			rows.removeIf((row) -> !wanted.contains(row.name()));
		}

		System.setProperty("ai.djl.offline", "true");
		Path work = Files.createTempDirectory("rbm-bench-");
		DatasetInfo info = writeDataset(work.resolve("data"), trainImages, testImages);
		StringBuilder table = new StringBuilder();
		long benchStarted = System.nanoTime();
		try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
			JniUtils.setGradMode(false);
			String header = String.format(Locale.ROOT,
					"Data: %s (%d train / %d test images, %dx%d), binarised stochastically (seeded); updates: %d of "
							+ "batch %d (%.2f epochs) per RBM; SGD lr 0.05, momentum 0.9, weight decay 2e-4; AIS: %d "
							+ "runs x %d temperatures; torch threads %d.%n%n",
					trainImages, info.splits().get("train").count(), info.splits().get("test").count(), info.height(),
					info.width(), updates, batch, (double) updates * batch / info.splits().get("train").count(), runs,
					temperatures, JniUtils.getNumThreads());
			table.append(header);
			table.append(
					"| model | log Z method | test log-prob (nats) | error bar (±3σ on log Z) | log Z | train time (s) "
							+ "| ms/update | evaluation time (s) |\n|---|---|---|---|---|---|---|---|\n");
			System.out.print(header);
			for (Row row : rows) {
				String line = run(row, work, info, updates, batch, runs, temperatures, dbnLayers, manager);
				table.append(line).append('\n');
				System.out.println(line);
				Files.createDirectories(out.toAbsolutePath().getParent());
				Files.writeString(out, table.toString());
			}
		}
		table.append(String.format(Locale.ROOT, "%nTotal benchmark time: %.1f min.%n",
				(System.nanoTime() - benchStarted) / 6e10));
		Files.writeString(out, table.toString());
		System.out.println(table);
		DurableDelete.delete(work);
	}

	static String run(Row row, Path work, DatasetInfo info, int updates, int batch, int runs, int temperatures,
			List<Integer> dbnLayers, NDManager parent) throws Exception {
		ModelSpec model = row.dbn()
				? new DbnSpec(dbnLayers, null, RbmSpec.Binarization.STOCHASTIC, row.sampler(), row.k(), 0.01, 20, 0,
						null, 0L, null)
				: new RbmSpec(row.hidden(), null, RbmSpec.Binarization.STOCHASTIC, row.sampler(), row.k(), 0.01, 20, 0,
						null);
		long steps = row.dbn() ? (long) updates * dbnLayers.size() : updates;
		OptimizerSpec sgd = new OptimizerSpec(OptimizerSpec.Type.SGD, 0.05, null, 0.9, 2e-4, null, null);
		TrainingSpec training = new TrainingSpec(steps, null, batch, sgd, 1234L, (int) steps, null).resolved(60_000,
				1234L);
		JobSpec spec = new JobSpec(row.name(), info.id(), DataSelection.all(), model, training, 0, "cpu");
		Rng rng = new Rng(training.seed());
		TrainingData data = TrainingData.load(work.resolve("data"), DataSelection.all(), batch, rng);
		try (NDManager manager = parent.newSubManager()) {
			StackTrainer trainer = new StackTrainer(new TrainingSession(spec, steps, data, manager, Device.cpu(), rng));
			trainer.initialise(Optional.empty());
			long started = System.nanoTime();
			double loss = 0;
			for (long step = 1; step <= steps; step++) {
				try (NDScope scope = new NDScope()) {
					loss = trainer.step(step).get("loss");
				}
			}
			double trainSeconds = (System.nanoTime() - started) / 1e9;
			long evalStarted = System.nanoTime();
			RbmStack stack = trainer.stack();
			Rng evalRng = new Rng(42);
			VisibleData visible = new VisibleData(stack, evalRng);
			Examples test = testExamples(work, info);
			int[] testPositions = VisibleData.spread(test.count(), test.count());
			int[] trainPositions = VisibleData.spread(data.train().count(), 10_000);
			LogLikelihood ll;
			try (NDScope scope = new NDScope()) {
				NDArray testRows = visible.batch(manager, test, testPositions, "test");
				NDArray trainRows = visible.batch(manager, data.train(), trainPositions, "train");
				ll = LogLikelihood.of(stack, stack.layers().size(), testRows, trainRows, runs, temperatures, evalRng, 0,
						manager, null);
			}
			double evalSeconds = (System.nanoTime() - evalStarted) / 1e9;
			String bar = ll.runs() == 0 ? "exact" : String.format(Locale.ROOT, "[%.2f, %s]", ll.lower(),
					ll.upper() == null ? "+inf" : String.format(Locale.ROOT, "%.2f", ll.upper()));
			return String.format(Locale.ROOT, "| %s%s | %s | %.2f | %s | %.2f | %.1f | %.1f | %.1f |", row.name(),
					ll.bound() ? " (lower bound)" : "", ll.method(), ll.value(), bar, ll.logZ(), trainSeconds,
					1000 * trainSeconds / steps, evalSeconds) + (loss > 1e9 ? " diverged" : "");
		}
	}

	static Examples testExamples(Path work, DatasetInfo info) throws Exception {
		DatasetFiles.SplitData test = DatasetFiles.readSplit(work.resolve("data"), "test");
		int[] all = new int[test.count()];
		for (int i = 0; i < all.length; i++) {
			all[i] = i;
		}
		return new Examples(DatasetFiles.readInfo(work.resolve("data")), test.images(), test.labels(), all);
	}

	static DatasetInfo writeDataset(Path target, Path trainImages, Path testImages) throws Exception {
		Map<String, DatasetFiles.SplitData> splits = new LinkedHashMap<>();
		splits.put("train", new DatasetFiles.SplitData(images(trainImages), null, null));
		splits.put("test", new DatasetFiles.SplitData(images(testImages), null, null));
		Tensor train = splits.get("train").images();
		DatasetInfo info = new DatasetInfo("bench", trainImages.getFileName().toString(),
				DatasetInfo.DatasetKind.IMAGES, false, 1, train.dim(2), train.dim(3), 8, List.of(), List.of(), Map.of(),
				null, 1, 0, Instant.now());
		return DatasetFiles.write(target, info, splits);
	}

	static Tensor images(Path file) throws Exception {
		try (InputStream in = Files.newInputStream(file)) {
			return Idx.read(in, 1L << 32).toImages();
		}
	}

	/** Deletes the benchmark's scratch directory. */
	static final class DurableDelete {

		static void delete(Path dir) throws Exception {
			dev.latentforge.files.DurableFiles.deleteRecursively(dir);
		}

	}

}
