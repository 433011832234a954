package dev.latentforge.models.autoencoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.DatasetProperties;
import dev.latentforge.datasets.builtin.FashionMnist;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.Corruption;
import dev.latentforge.models.Examples;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

/**
 * The autoencoder benchmark on Fashion-MNIST ({@code bench/autoencoders/README.md}):
 * average squared reconstruction error per test image (summed over the 784 pixels in [0,
 * 1]) of PCA-30 and of each autoencoder variant on a fixed step budget, the denoising
 * PSNR and the sparse autoencoder's ρ̂. Drives the trainers in this JVM as a worker
 * would. Run with {@code bench/autoencoders/run.sh}; {@code -Dlatentforge.bench.scale}
 * multiplies every step budget (0.02 for a dry run).
 */
@EnabledIfSystemProperty(named = "latentforge.bench", matches = "true")
class AutoencoderBenchmark {

	static final int BATCH = 128;

	static final double LR = 1e-3;

	static final int CODE = 30;

	final double scale = Double.parseDouble(System.getProperty("latentforge.bench.scale", "1"));

	final List<String> rows = new ArrayList<>();

	final List<String> denoisingRows = new ArrayList<>();

	final List<String> notes = new ArrayList<>();

	Examples test;

	@Test
	void fashionMnist(@TempDir Path dir) throws Exception {
		long started = System.nanoTime();
		EngineInfo.engine();
		JniUtils.setGradMode(false);
		Path data = AutoencoderRuns.write(dir.resolve("fashion-mnist"),
				new FashionMnist(new DatasetProperties(100_000, DataSize.ofGigabytes(2),
						Path.of(System.getProperty("latentforge.fashion-mnist", "/usr/share/datasets/fashion-mnist"))))
					.generate());
		DatasetInfo info = DatasetFiles.readInfo(data);
		DatasetFiles.SplitData split = DatasetFiles.readSplit(data, "test");
		this.test = new Examples(info, split.images(), split.labels(), AutoencoderTrainer.range(0, split.count()));

		double pca = pca(data, info);
		this.pcaError = pca;
		this.benchStarted = started;
		// cheap rows first, so a run cut short still has them
		denoising("gaussian σ = 0.3", new Corruption(Corruption.GAUSSIAN, 0.3, null), data, 200);
		denoising("masking 25%", new Corruption(Corruption.MASKING, null, 0.25), data, 200);
		sparse(data, 200);
		row("VAE-30 (784-512-30, Bernoulli; mean code)", new AutoencoderSpec(List.of(512, CODE), null, null, null, null,
				null, null, null, null, null, true, null, null, null), data, 200, pca);
		AutoencoderSpec.Activation linear = AutoencoderSpec.Activation.LINEAR;
		row("linear AE-30 (784-30, linear, mse)",
				new AutoencoderSpec(List.of(CODE), linear, linear, linear, AutoencoderSpec.Loss.MSE), data, 300, pca);
		row("deep AE 784-1000-500-250-30, end to end", deep(null, null), data, 300, pca);
		row("deep AE 784-1000-500-250-30, layer-wise 4×" + steps(40) + " then " + (steps(300) - 4 * steps(40))
				+ " fine-tuning", deep(AutoencoderSpec.Pretraining.LAYERWISE, steps(40)), data, 300, pca);
		row("conv AE-30 (conv 16, 32 stride 2; transposed-conv decoder)",
				new AutoencoderSpec(List.of(CODE), null, null, null, null, AutoencoderSpec.Architecture.CONV,
						List.of(16, 32), AutoencoderSpec.Upsampling.TRANSPOSED, null, null, null, null, null, null),
				data, 100, pca);
		write(pca, (System.nanoTime() - started) / 1e9);
	}

	private long steps(long steps) {
		return Math.max(1, Math.round(steps * this.scale));
	}

	private static AutoencoderSpec deep(AutoencoderSpec.Pretraining pretraining, Long pretrainingSteps) {
		return new AutoencoderSpec(List.of(1000, 500, 250, CODE), null, null, null, null, null, null, null, null, null,
				null, null, pretraining, pretrainingSteps);
	}

	/**
	 * PCA-30 fitted on the training split: the covariance with torch, its eigenvectors
	 * with EJML; the error is that of reconstructing each centred test image from its
	 * projection on the top 30 (not clipped to [0, 1]).
	 */
	private double pca(Path data, DatasetInfo info) throws Exception {
		long started = System.nanoTime();
		DatasetFiles.SplitData train = DatasetFiles.readSplit(data, "train");
		Examples examples = new Examples(info, train.images(), train.labels(),
				AutoencoderTrainer.range(0, train.count()));
		int d = info.exampleSize();
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray x = manager.create(examples.values(AutoencoderTrainer.range(0, examples.count())),
					new Shape(examples.count(), d));
			NDArray mean = x.mean(new int[] { 0 }); // [D]
			NDArray centred = x.sub(mean);
			float[] covariance = centred.transpose().matMul(centred).div(examples.count()).toFloatArray();
			DMatrixRMaj c = new DMatrixRMaj(d, d);
			for (int i = 0; i < covariance.length; i++) {
				c.data[i] = covariance[i];
			}
			var svd = DecompositionFactory_DDRM.svd(d, d, true, false, false);
			svd.decompose(c);
			DMatrixRMaj u = svd.getU(null, false);
			DMatrixRMaj w = svd.getW(null);
			SingularOps_DDRM.descendingOrder(u, false, w, null, false);
			float[] top = new float[d * CODE];
			for (int i = 0; i < d; i++) {
				for (int j = 0; j < CODE; j++) {
					top[i * CODE + j] = (float) u.get(i, j);
				}
			}
			NDArray basis = manager.create(top, new Shape(d, CODE));
			NDArray t = manager
				.create(this.test.values(AutoencoderTrainer.range(0, this.test.count())),
						new Shape(this.test.count(), d))
				.sub(mean);
			NDArray residual = t.sub(t.matMul(basis).matMul(basis.transpose()));
			double error = residual.square().sum().getFloat() / this.test.count();
			this.notes.add(String.format(Locale.ROOT, "PCA-30 fitted on the 60,000 training images in %.1f s.",
					(System.nanoTime() - started) / 1e9));
			return error;
		}
	}

	private double pcaError;

	private long benchStarted;

	/**
	 * Rewrites the results after every row, so an interrupted run keeps what it measured.
	 */
	private void save() throws Exception {
		write(this.pcaError, (System.nanoTime() - this.benchStarted) / 1e9);
	}

	private void row(String name, AutoencoderSpec spec, Path data, long budget, double pca) throws Exception {
		long steps = steps(budget);
		long started = System.nanoTime();
		try (AutoencoderRuns run = AutoencoderRuns.start(data, spec, steps, BATCH, LR, 1)) {
			run.run(1, steps);
			double seconds = (System.nanoTime() - started) / 1e9;
			double error = testError(run, (images) -> images);
			this.rows.add(String.format(Locale.ROOT, "| %s | %.2f | %.3f | %d | %.0f | %.1f |", name, error,
					error / pca, steps, seconds, steps / seconds));
			System.out.println(this.rows.get(this.rows.size() - 1));
			save();
		}
	}

	/** Σ_pixels (x̂ − x)² per test image, x̂ the reconstruction of {@code input(x)}. */
	private double testError(AutoencoderRuns run, Function<NDArray, NDArray> input) {
		ParameterStore store = new ParameterStore(run.manager, false);
		double sum = 0;
		for (int start = 0; start < this.test.count(); start += 500) {
			try (NDScope scope = new NDScope()) {
				int[] positions = AutoencoderTrainer.range(start, Math.min(this.test.count(), start + 500));
				NDArray images = this.test.batch(run.manager, positions);
				NDArray out = run.trainer.objective().reconstruct(store, input.apply(images));
				sum += out.sub(images).square().sum().getFloat();
			}
		}
		return sum / this.test.count();
	}

	private void denoising(String name, Corruption corruption, Path data, long budget) throws Exception {
		long steps = steps(budget);
		AutoencoderSpec spec = new AutoencoderSpec(List.of(256, 64), null, null, null, null, null, null, null, null,
				corruption, null, null, null, null);
		long started = System.nanoTime();
		try (AutoencoderRuns run = AutoencoderRuns.start(data, spec, steps, BATCH, LR, 1)) {
			run.run(1, steps);
			double seconds = (System.nanoTime() - started) / 1e9;
			ParameterStore store = new ParameterStore(run.manager, false);
			Rng rng = new Rng(99);
			double noisy = 0;
			double denoised = 0;
			int size = this.test.info().exampleSize();
			for (int start = 0; start < this.test.count(); start += 500) {
				try (NDScope scope = new NDScope()) {
					int[] positions = AutoencoderTrainer.range(start, Math.min(this.test.count(), start + 500));
					NDArray images = this.test.batch(run.manager, positions);
					NDArray corrupted = corruption.apply(images, rng, start, "bench");
					float[] truth = images.toFloatArray();
					noisy += AutoencoderTrainer.psnrSum(corrupted.toFloatArray(), truth, size);
					denoised += AutoencoderTrainer
						.psnrSum(run.trainer.objective().reconstruct(store, corrupted).toFloatArray(), truth, size);
				}
			}
			int n = this.test.count();
			this.denoisingRows
				.add(String.format(Locale.ROOT, "| DAE 784-256-64, %s | %.2f | %.2f | %+.2f | %d | %.0f |", name,
						noisy / n, denoised / n, (denoised - noisy) / n, steps, seconds));
			System.out.println(this.denoisingRows.get(this.denoisingRows.size() - 1));
			save();
		}
	}

	private void sparse(Path data, long budget) throws Exception {
		long steps = steps(budget);
		double rho = 0.05;
		AutoencoderSpec spec = new AutoencoderSpec(List.of(256, 100), null, AutoencoderSpec.Activation.SIGMOID, null,
				null, null, null, null, new AutoencoderSpec.Sparsity(rho, 1.0, 0.9), null, null, null, null, null);
		long started = System.nanoTime();
		try (AutoencoderRuns run = AutoencoderRuns.start(data, spec, steps, BATCH, LR, 1)) {
			double first = run.run(1, 1).get("rho_hat");
			Map<String, Double> last = run.run(2, steps);
			double seconds = (System.nanoTime() - started) / 1e9;
			Map<String, Double> metrics = run.evaluate();
			double error = testError(run, (images) -> images);
			this.notes.add(String.format(Locale.ROOT,
					"Sparse AE 784-256-100 (sigmoid code, ρ = %.2f, β = 1, λ = 0.9), %d steps in %.0f s: mean ρ̂ "
							+ "%.3f after step 1, %.4f (running estimate) and %.4f (held-out mean activation) at the end; "
							+ "test error %.2f per image.",
					rho, steps, seconds, first, last.get("rho_hat"), metrics.get("val_rho_hat"), error));
			System.out.println(this.notes.get(this.notes.size() - 1));
			save();
		}
	}

	private void write(double pca, double seconds) throws Exception {
		StringBuilder md = new StringBuilder();
		md.append("# Autoencoder benchmark: Fashion-MNIST\n\n");
		md.append("Produced by `bench/autoencoders/run.sh` (scale ")
			.append(this.scale)
			.append(") on ")
			.append(java.time.LocalDate.now())
			.append(String.format(Locale.ROOT, "; the whole run took %.1f minutes. ", seconds / 60));
		md.append("Every model: Adam, learning rate 1e-3 (constant), batch ")
			.append(BATCH)
			.append(", seed 1, trained on the 60,000 training images; errors on the 10,000 test images. ")
			.append("Machine: 2 shared CPU cores (other jobs were running), so seconds are indicative only.\n\n");
		md.append("## Reconstruction error\n\nAverage squared error per test image, summed over the 784 pixels in "
				+ "[0, 1]. Ratio = error / PCA-30's error.\n\n");
		md.append("| model | error per image | ratio to PCA-30 | steps | seconds | steps/s |\n");
		md.append("|---|---|---|---|---|---|\n");
		md.append(String.format(Locale.ROOT, "| PCA-30 (fitted exactly) | %.2f | 1.000 | – | – | – |%n", pca));
		this.rows.forEach((r) -> md.append(r).append('\n'));
		md.append("\nAnchor (Hinton & Salakhutdinov, Science 2006, MNIST, 784-1000-500-250-30 with RBM pretraining): "
				+ "deep AE 3.00, logistic PCA 8.01, PCA 13.87, i.e. deep AE / PCA = 0.216. Fashion-MNIST is a "
				+ "different data set (more texture, larger PCA error), and our budgets are minutes, not hours.\n\n");
		md.append("## Denoising\n\nMean PSNR (dB, peak 1) over the 10,000 test images, corrupted with a fixed seed; "
				+ "output = the reconstruction of the corrupted image.\n\n");
		md.append("| model | PSNR noisy input | PSNR output | gain | steps | seconds |\n|---|---|---|---|---|---|\n");
		this.denoisingRows.forEach((r) -> md.append(r).append('\n'));
		md.append("\n## Notes\n\n");
		this.notes.forEach((n) -> md.append("- ").append(n).append('\n'));
		Path out = Path.of(System.getProperty("latentforge.bench.out", "bench/autoencoders/results.md"));
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, md.toString());
	}

}
