package dev.latentforge.models.gan;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.datasets.formats.Idx;
import dev.latentforge.evaluation.generative.GenerativeEvaluator;
import dev.latentforge.jobs.worker.EvaluationFile;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.TrainingSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GAN benchmark ({@code bench/gans/run.sh}; not part of the test suite: its name
 * matches no surefire pattern and it runs only with {@code -Dbench.gans=true}). On an
 * MNIST-format IDX directory (Fashion-MNIST from Debian's package by default; any
 * directory holding {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, gzipped or not, through
 * {@code -Dbench.idx=DIR}) it trains a DCGAN with each loss and a conditional DCGAN for a
 * fixed step budget and writes a markdown table and sample grids. Each row also gets the
 * Parzen-window log-likelihood of the test split ({@link #parzen}), the anchor Goodfellow
 * et al. 2014 and Mirza and Osindero 2014 report on MNIST.
 */
class GanBenchmark {

	static final String DCGAN = "\"architecture\":\"dcgan\",\"filters\":" + Integer.getInteger("bench.filters", 32)
			+ ",\"latentSize\":64";

	@TempDir
	Path dir;

	@Test
	void benchmark() throws Exception {
		Assumptions.assumeTrue(Boolean.getBoolean("bench.gans"), "run with -Dbench.gans=true");
		GanTesting.oneThread();
		Path idx = Path.of(System.getProperty("bench.idx", "/usr/share/datasets/fashion-mnist"));
		Path out = Path.of(System.getProperty("bench.out", "bench/gans/results"));
		Files.createDirectories(out);
		int steps = Integer.getInteger("bench.steps", 300);
		int batch = 64;
		Path data = writeIdx(idx, this.dir.resolve("data"));
		Map<String, String> rows = new LinkedHashMap<>();
		rows.put("minimax", DCGAN + ",\"loss\":\"minimax\"");
		rows.put("non-saturating", DCGAN + ",\"loss\":\"non-saturating\"");
		rows.put("feature-matching", DCGAN + ",\"loss\":\"feature-matching\"");
		rows.put("wasserstein (c 0.01, 5 critic steps)", DCGAN + ",\"loss\":\"wasserstein\"");
		rows.put("wasserstein-gp (λ 10, 5 critic steps, no critic norm)", DCGAN + ",\"loss\":\"wasserstein-gp\"");
		rows.put("conditional non-saturating", DCGAN + ",\"loss\":\"non-saturating\",\"conditional\":true");
		rows.put("conditional non-saturating + auxiliary classifier (w 1)",
				DCGAN + ",\"loss\":\"non-saturating\",\"conditional\":true,\"auxiliaryClassifier\":1.0");
		String only = System.getProperty("bench.rows");
		List<String> table = new ArrayList<>();
		table.add("| row | G steps | D updates | wall time (s) | train images/s | generate images/s | final D loss | "
				+ "final G loss | D(x) | D(G(z)) | fd_diag (pixels) | diversity | conditional accuracy | "
				+ "Fréchet distance | precision | recall | Parzen log-likelihood (σ) |");
		table.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
		int realImages = 0;
		int testImages = 0;
		int heldOut = 0;
		System.setProperty(EvaluationFile.DATASET_DIR_PROPERTY, data.toString());
		Examples test = test(data);
		{
			for (Map.Entry<String, String> row : rows.entrySet()) {
				if (only != null && !only.contains(row.getKey().split(" ")[0])) {
					continue;
				}
				try (NDManager manager = NDManager.newBaseManager()) {
					TrainingSession session = GanTesting.session(data, null, GanTesting.spec(row.getValue()), batch,
							steps, 1, manager);
					GanTrainer trainer = new GanTrainer(session);
					trainer.initialise(Optional.empty());
					double[] tail = new double[4];
					int tailCount = 0;
					long start = System.nanoTime();
					for (int step = 1; step <= steps; step++) {
						Map<String, Double> m;
						try (NDScope scope = new NDScope()) {
							m = trainer.step(step);
						}
						if (step > steps - 50) {
							tail[0] += m.get("d_loss");
							tail[1] += m.get("g_loss");
							tail[2] += m.get("d_real");
							tail[3] += m.get("d_fake");
							tailCount++;
						}
					}
					double seconds = (System.nanoTime() - start) / 1e9;
					int dSteps = trainer.players().spec.discriminatorSteps();
					Map<String, Double> metrics = trainer.evaluate();
					heldOut = session.data().validation().count();
					String file = slug(row.getKey()) + ".png";
					Files.write(out.resolve(file), trainer.sampleGrid());
					int z = trainer.players().spec.latentSize();
					int n = 1000;
					Monitor monitor = new Monitor(trainer.players(), null, session);
					float[] latents = new Rng(5).gaussian(0, "bench", n * z, 1f);
					int k = trainer.players().conditionSize;
					float[] conditions = null;
					if (k > 0) {
						conditions = new float[n * k];
						for (int i = 0; i < n; i++) {
							conditions[i * k + i % 10] = 1;
						}
					}
					long g0 = System.nanoTime();
					float[] images = monitor.sample(manager, latents, conditions, n);
					double generateRate = n / ((System.nanoTime() - g0) / 1e9);
					Map<String, Double> evaluated = evaluate(trainer, session, data, test);
					realImages = Math.min(SAMPLES, test.count());
					long p0 = System.nanoTime();
					ParzenWindow.Estimate parzen = parzen(trainer, monitor, session, test, manager);
					testImages = parzen.points();
					System.out.printf("Parzen: σ %.3f, validation means %s, %.1f s%n", parzen.sigma(),
							java.util.Arrays.toString(parzen.validationMeans()), (System.nanoTime() - p0) / 1e9);
					table.add(String.format(
							"| %s | %d | %d | %.1f | %.0f | %.0f | %.3f | %.3f | %.3f | %.3f | %.2f | %.3f | %s | %.2f | %.3f | %.3f | %s |",
							row.getKey(), steps, steps * dSteps, seconds, steps * dSteps * (double) batch / seconds,
							generateRate, tail[0] / tailCount, tail[1] / tailCount, tail[2] / tailCount,
							tail[3] / tailCount, metrics.get("fd_diag"), metrics.get("diversity"),
							evaluated.containsKey(GenerativeEvaluator.CONDITIONAL_ACCURACY)
									? String.format("%.3f", evaluated.get(GenerativeEvaluator.CONDITIONAL_ACCURACY))
									: "–",
							evaluated.get(GenerativeEvaluator.FRECHET), evaluated.get(GenerativeEvaluator.PRECISION),
							evaluated.get(GenerativeEvaluator.RECALL),
							Double.isFinite(parzen.mean()) ? String.format("%.1f ± %.1f (%.3f)", parzen.mean(),
									parzen.standardError(), parzen.sigma()) : "NaN"));
					System.out.println(table.get(table.size() - 1));
				}
			}
		}
		String load = Files.readString(Path.of("/proc/loadavg")).trim();
		String header = "# GAN benchmark\n\nData: `" + idx + "` (28×28, 10 classes), batch 64, " + steps
				+ " generator steps per row, DCGAN with " + Integer.getInteger("bench.filters", 32)
				+ " base filters and z of 64, Adam lr 2e-4 β = (0.5, 0.999) (Wasserstein: lr 1e-4, β = (0, 0.9)), "
				+ "seed 1, one intra-op thread, run " + Instant.now()
				+ " on a 2-core machine (load average at the end: " + load
				+ "; times are noisy). fd_diag and diversity: the trainer's own "
				+ "checkpoint metrics (pixel space) against the training session's held-out set, " + heldOut
				+ " images of the test split (a fixed-seed sample when the split is larger). Fréchet distance, precision, recall (k = 3) and conditional "
				+ "accuracy: the generative evaluator (its CNN's feature space, not Inception's) on " + SAMPLES
				+ " samples against " + realImages + " images drawn at random from all " + testImages
				+ " of the test split. Parzen log-likelihood "
				+ "(nats; mean ± standard error, σ in brackets): Gaussian kernels on " + PARZEN_SAMPLES
				+ " samples (conditional rows: labels drawn as often as the training split holds them), σ from "
				+ "Goodfellow et al.'s grid (ten values from 0.1 to 1, log-spaced) by the mean log-likelihood of "
				+ PARZEN_VALIDATION + " training images, reported on all " + testImages
				+ " images of the test split.\n\n";
		Files.writeString(out.resolve("results.md"), header + String.join("\n", table) + "\n");
	}

	/**
	 * The generative evaluator's metrics (gan-serve's evaluator CNN, trained once per
	 * data set and cached) on {@link #SAMPLES} samples against as many test images (all
	 * of them when the test split is smaller), which the evaluator draws at random from
	 * the whole split as the service's evaluation job does. Not the session's held-out
	 * set, which holds at most {@link dev.latentforge.models.TrainingData#MAX_VALIDATION}
	 * test images (before 2026-11-28 the first ones in stored order, which on a split
	 * stored class by class were a few classes only; now a fixed-seed sample).
	 */
	static Map<String, Double> evaluate(GanTrainer trainer, TrainingSession session, Path data, Examples test) {
		boolean conditional = trainer.players().conditionSize > 0;
		List<String> names = new ArrayList<>(
				List.of(GenerativeEvaluator.FRECHET, GenerativeEvaluator.PRECISION, GenerativeEvaluator.RECALL));
		if (conditional) {
			names.add(GenerativeEvaluator.CONDITIONAL_ACCURACY);
		}
		CheckpointData checkpoint = GanTesting.checkpoint(data, trainer, session, session.totalSteps());
		Map<String, Double> out = new LinkedHashMap<>();
		try (NDManager manager = NDManager.newBaseManager()) {
			List<ModelEvaluator.Result> results = new GanFamily().evaluator()
				.orElseThrow()
				.evaluate(new ModelEvaluator.Input(session.spec(), checkpoint, test, names, Map.of("samples", SAMPLES),
						manager, new Rng(17), (p) -> {
						}));
			results.forEach((r) -> out.put(r.metric(), r.value()));
		}
		return out;
	}

	static final int SAMPLES = Integer.getInteger("bench.samples", 1000);

	/** Samples in the Parzen window (Goodfellow et al. used 10,000). */
	static final int PARZEN_SAMPLES = Integer.getInteger("bench.parzen.samples", 10_000);

	/** Training images σ is chosen on (as many as parzen_ll.py's validation slice). */
	static final int PARZEN_VALIDATION = 1000;

	/**
	 * The Parzen-window estimate of the test split's log-likelihood under a row's
	 * generator, by Goodfellow et al.'s protocol: {@link #PARZEN_SAMPLES} samples (a
	 * conditional generator gets the labels of training images drawn at random, so each
	 * label comes as often as the data set holds it, as Mirza and Osindero sampled), σ
	 * chosen on {@link #PARZEN_VALIDATION} training images (a seeded random choice; the
	 * data sets here have no validation split the generator did not see), every test
	 * image reported on.
	 */
	static ParzenWindow.Estimate parzen(GanTrainer trainer, Monitor monitor, TrainingSession session, Examples test,
			NDManager manager) {
		Players players = trainer.players();
		Examples train = session.data().train();
		int n = PARZEN_SAMPLES;
		int z = players.spec.latentSize();
		int size = players.channels * players.height * players.width;
		float[] latents = new Rng(23).gaussian(0, "bench/parzen", n * z, 1f);
		int k = players.conditionSize;
		float[] conditions = null;
		if (k > 0) {
			SplittableRandom random = new SplittableRandom(29);
			int[] positions = IntStream.range(0, n).map((i) -> random.nextInt(train.count())).toArray();
			conditions = Conditions.of(players.spec, session.spec().dataOrDefault()).encode(train, positions, null);
		}
		float[] samples = new float[n * size];
		for (int start = 0; start < n; start += 500) {
			int rows = Math.min(500, n - start);
			float[] part = monitor.sample(manager, java.util.Arrays.copyOfRange(latents, start * z, (start + rows) * z),
					conditions != null ? java.util.Arrays.copyOfRange(conditions, start * k, (start + rows) * k) : null,
					rows);
			System.arraycopy(part, 0, samples, start * size, part.length);
		}
		float[] validation = train.values(java.util.Arrays
			.copyOf(new Rng(31).permutation(0, "bench/parzen-validation", train.count()), PARZEN_VALIDATION));
		float[] points = test.values(IntStream.range(0, test.count()).toArray());
		return new ParzenWindow(samples, n).estimate(validation, points, ParzenWindow.GOODFELLOW_SIGMAS);
	}

	/**
	 * Every image of the stored data set's test split, in stored order (as the service's
	 * evaluation job builds a split's examples).
	 */
	static Examples test(Path data) throws Exception {
		DatasetFiles.SplitData split = DatasetFiles.readSplit(data, "test");
		return new Examples(DatasetFiles.readInfo(data), split.images(), split.labels(),
				IntStream.range(0, split.count()).toArray());
	}

	/**
	 * A row's file name: its name before any parenthesis, lower case, words joined by
	 * '-'.
	 */
	static String slug(String row) {
		String name = row.contains("(") ? row.substring(0, row.indexOf('(')) : row;
		return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
	}

	/**
	 * Stores an MNIST-format IDX directory as a data set (classes named by their label).
	 */
	static Path writeIdx(Path idx, Path target) throws Exception {
		Map<String, DatasetFiles.SplitData> splits = new LinkedHashMap<>();
		splits.put("train", split(idx, "train"));
		splits.put("test", split(idx, "t10k"));
		int classes = 0;
		for (int label : splits.get("train").labels()) {
			classes = Math.max(classes, label + 1);
		}
		List<String> names = new ArrayList<>();
		for (int c = 0; c < classes; c++) {
			names.add(Integer.toString(c));
		}
		var images = splits.get("train").images();
		DatasetInfo info = new DatasetInfo("bench-idx", "bench", DatasetInfo.DatasetKind.IMAGES, false, 1,
				images.dim(2), images.dim(3), 8, names, List.of(), Map.of(), null, 1, 0, Instant.now());
		DatasetFiles.write(target, info, splits);
		return target;
	}

	private static DatasetFiles.SplitData split(Path idx, String prefix) throws Exception {
		return new DatasetFiles.SplitData(read(idx, prefix + "-images-idx3-ubyte").toImages(),
				read(idx, prefix + "-labels-idx1-ubyte").toLabels(), null);
	}

	private static Idx.Array read(Path idx, String name) throws Exception {
		Path plain = idx.resolve(name);
		Path file = Files.exists(plain) ? plain : idx.resolve(name + ".gz");
		try (InputStream in = Files.newInputStream(file)) {
			return Idx.read(in, 1L << 31);
		}
	}

}
