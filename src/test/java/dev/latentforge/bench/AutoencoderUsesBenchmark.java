package dev.latentforge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.analysis.ClusterAgreement;
import dev.latentforge.analysis.KMeans;
import dev.latentforge.analysis.Percentiles;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.DatasetProperties;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.datasets.builtin.FashionMnist;
import dev.latentforge.engine.Rng;
import dev.latentforge.jobs.worker.JobFile;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.Autoencoding;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.ReferencingSpec;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.testing.WorkerHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autoencoder uses on Fashion-MNIST, measured: anomaly ROC AUC per held-out class (an
 * autoencoder trained on the other nine, scored by reconstruction error on the whole test
 * split), k-means NMI/ARI on codes against raw pixels, and classifier test accuracy with
 * 10 and 100 labels per class from a pretrained encoder (fine-tuned, and frozen) against
 * the same classifier from scratch. Every model trains in a real worker process on a
 * fixed step budget. Run by {@code bench/autoencoder-uses/run.sh}; writes
 * {@code bench/autoencoder-uses/results.md}.
 */
@EnabledIfSystemProperty(named = "latentforge.bench", matches = "autoencoder-uses")
class AutoencoderUsesBenchmark {

	static final ModelFamilies FAMILIES = ModelFamilies.discover();

	static final int AE_STEPS = Integer.getInteger("latentforge.bench.ae-steps", 200);

	static final int AE_BATCH = 128;

	static final int CLASSIFIER_STEPS = Integer.getInteger("latentforge.bench.classifier-steps", 150);

	static final String HELD_OUT = System.getProperty("latentforge.bench.held-out", "0,8");

	static final String AE_SPEC = "{\"type\": \"autoencoder\", \"layers\": [256, 32], \"loss\": \"bce\"}";

	Path work;

	DatasetInfo info;

	Path datasetDir;

	final List<String> rows = new ArrayList<>();

	@Test
	void measure() throws Exception {
		long started = System.nanoTime();
		this.work = Files.createTempDirectory("bench-ae-uses-");
		BuiltinDataset.Content content = new FashionMnist(
				new DatasetProperties(100_000, DataSize.ofGigabytes(2), Path.of("/usr/share/datasets/fashion-mnist")))
			.generate();
		this.datasetDir = this.work.resolve("fashion-mnist");
		this.info = DatasetFiles.write(this.datasetDir, content.info(), content.splits());
		DatasetFiles.SplitData test = content.splits().get("test");
		float[] testPixels = unit(test);
		dev.latentforge.engine.EngineInfo.engine();
		JniUtils.setGradMode(false);

		// anomaly detection: one autoencoder per held-out class
		List<Double> aucs = new ArrayList<>();
		for (String part : HELD_OUT.split(",")) {
			int heldOut = Integer.parseInt(part.trim());
			List<String> nine = new ArrayList<>(this.info.classes());
			nine.remove(heldOut);
			Trained ae = train("anomaly-" + heldOut, "autoencoder", spec(AE_SPEC), nine, AE_STEPS, AE_BATCH, null);
			double[] errors = reconstructionErrors(ae, testPixels, test.count());
			List<Double> positives = new ArrayList<>();
			List<Double> negatives = new ArrayList<>();
			for (int i = 0; i < test.count(); i++) {
				(test.labels()[i] == heldOut ? positives : negatives).add(errors[i]);
			}
			double auc = Percentiles.rocAuc(toArray(positives), toArray(negatives));
			aucs.add(auc);
			row("anomaly ROC AUC, held out: " + this.info.classes().get(heldOut), "AE 784-256-32 (bce) on the other 9",
					ae, String.format("%.3f", auc));
		}
		double meanAuc = aucs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		this.rows.add("| anomaly ROC AUC, mean over " + aucs.size() + " held-out classes | | | | | **"
				+ String.format("%.3f", meanAuc) + "** |");

		// representation: an autoencoder on all ten classes
		Trained all = train("all-classes", "autoencoder", spec(AE_SPEC), null, AE_STEPS, AE_BATCH, null);
		int n = 2000;
		float[] pixels = java.util.Arrays.copyOf(testPixels, n * 784);
		int[] labels = java.util.Arrays.copyOf(test.labels(), n);
		float[] codes = encode(all, pixels, n);
		long t0 = System.nanoTime();
		KMeans.Result onCodes = KMeans.cluster(codes, n, 32, 10, 10, 300, new Rng(0));
		double codesSeconds = (System.nanoTime() - t0) / 1e9;
		t0 = System.nanoTime();
		KMeans.Result onPixels = KMeans.cluster(pixels, n, 784, 10, 10, 300, new Rng(0));
		double pixelsSeconds = (System.nanoTime() - t0) / 1e9;
		double nmiCodes = ClusterAgreement.nmi(onCodes.assignments(), labels);
		double nmiPixels = ClusterAgreement.nmi(onPixels.assignments(), labels);
		row("k-means NMI (ARI), k = 10, first 2000 test images", "codes of AE 784-256-32 on all 10 classes", all,
				String.format("%.3f (%.3f); k-means %.1f s", nmiCodes,
						ClusterAgreement.ari(onCodes.assignments(), labels), codesSeconds));
		this.rows.add(String.format(
				"| k-means NMI (ARI), k = 10, first 2000 test images | raw pixels (784) | - | - | "
						+ "- | %.3f (%.3f); k-means %.1f s |",
				nmiPixels, ClusterAgreement.ari(onPixels.assignments(), labels), pixelsSeconds));
		this.rows.add(String.format("| NMI ratio codes / pixels | | | | | **%.2f** |", nmiCodes / nmiPixels));

		// network initialisation
		for (int perClass : new int[] { 10, 100 }) {
			Map<String, Double> accuracy = new LinkedHashMap<>();
			for (String mode : Boolean.getBoolean("latentforge.bench.frozen")
					? List.of("scratch", "pretrained", "pretrained-frozen") : List.of("scratch", "pretrained")) {
				String json = "{\"type\": \"classifier\", \"labelsPerClass\": " + perClass
						+ (mode.equals("scratch") ? ", \"layers\": [256, 32]"
								: ", \"freezeEncoder\": " + mode.equals("pretrained-frozen")
										+ ", \"pretrainedEncoder\": {\"modelId\": \"all-classes\"}")
						+ "}";
				Trained classifier = train("classifier-" + perClass + "-" + mode, "classifier", spec(json), null,
						CLASSIFIER_STEPS, Math.min(50, perClass * 10), mode.equals("scratch") ? null : all);
				double acc = classifier.metrics().get("val_accuracy");
				accuracy.put(mode, acc);
				row("classifier test accuracy, " + perClass + " labels per class (" + perClass * 10 + " images)",
						mode.equals("scratch") ? "784-256-32-10 from scratch"
								: mode.equals("pretrained") ? "encoder from the all-classes AE, fine-tuned"
										: "encoder from the all-classes AE, frozen (softmax only)",
						classifier, String.format("%.3f", acc));
			}
			this.rows
				.add(String.format("| accuracy ratio pretrained / scratch, %d labels per class | | | | | **%.3f** |",
						perClass, accuracy.get("pretrained") / accuracy.get("scratch")));
		}
		write((System.nanoTime() - started) / 1e9);
		dev.latentforge.files.DurableFiles.deleteRecursively(this.work);
		assertThat(aucs).isNotEmpty();
	}

	record Trained(JobSpec spec, CheckpointManifest.DatasetRef dataset, Path checkpoint, Map<String, Double> metrics,
			long steps, int batch, double seconds, double stepsPerSecond) {
	}

	ModelSpec spec(String json) {
		return FAMILIES.jsonMapper().readValue(json, ModelSpec.class);
	}

	Trained train(String name, String family, ModelSpec model, List<String> classes, int steps, int batch,
			Trained pretrained) throws IOException, InterruptedException {
		ModelSpec resolved = FAMILIES.require(family).resolve(model, this.info);
		Map<String, String> inputs = Map.of();
		if (pretrained != null) {
			// as submission does: copy the encoder's architecture, pass its checkpoint
			resolved = ((ReferencingSpec) resolved)
				.withReferences(Map.of("model.pretrainedEncoder", new ReferencingSpec.Resolved("all-classes", "bench",
						"autoencoder", pretrained.spec(), pretrained.dataset())));
			inputs = Map.of("model.pretrainedEncoder", pretrained.checkpoint().toString());
		}
		DataSelection selection = new DataSelection("train", classes, null);
		JobSpec spec = new JobSpec(name, "fashion-mnist", selection, resolved,
				new TrainingSpec((long) steps, null, batch,
						new OptimizerSpec(OptimizerSpec.Type.ADAM, 0.001, null, null, null, null, null), 7L, steps,
						null)
					.resolved(60_000, 7L),
				0, "cpu");
		CheckpointManifest.DatasetRef dataset = new CheckpointManifest.DatasetRef("fashion-mnist", this.info.sha256(),
				1, 1, 28, 28, 8);
		Path attemptDir = this.work.resolve(name);
		Files.createDirectories(attemptDir);
		JobFile job = new JobFile(name, 1, family, spec, dataset, this.datasetDir.toString(), attemptDir.toString(),
				null, "cpu", null, inputs);
		long t0 = System.nanoTime();
		WorkerHarness.Run run = WorkerHarness.run(job, attemptDir, 2);
		double seconds = (System.nanoTime() - t0) / 1e9;
		assertThat(run.exitCode()).as(name + ": " + Files.readString(run.log())).isZero();
		WorkerMessage checkpoint = run.ofType(WorkerMessage.CHECKPOINT)
			.get(run.ofType(WorkerMessage.CHECKPOINT).size() - 1);
		double rate = run.ofType(WorkerMessage.PROGRESS)
			.stream()
			.filter((m) -> m.stepsPerSecond() != null)
			.mapToDouble(WorkerMessage::stepsPerSecond)
			.reduce((a, b) -> b)
			.orElse(Double.NaN);
		System.out.printf("%s: %d steps in %.1f s, %s%n", name, steps, seconds, checkpoint.values());
		return new Trained(spec, dataset, Path.of(checkpoint.path()), checkpoint.values(), steps, batch, seconds, rate);
	}

	double[] reconstructionErrors(Trained ae, float[] pixels, int count) throws IOException {
		float[] out = apply(ae, pixels, count, true);
		double[] errors = new double[count];
		for (int i = 0; i < count; i++) {
			double s = 0;
			for (int k = i * 784; k < (i + 1) * 784; k++) {
				double d = out[k] - pixels[k];
				s += d * d;
			}
			errors[i] = s;
		}
		return errors;
	}

	float[] encode(Trained ae, float[] pixels, int count) throws IOException {
		return apply(ae, pixels, count, false);
	}

	private float[] apply(Trained ae, float[] pixels, int count, boolean reconstruct) throws IOException {
		try (NDManager manager = NDManager.newBaseManager();
				LoadedModel model = FAMILIES.require("autoencoder")
					.load(CheckpointFiles.read(ae.checkpoint(), FAMILIES.jsonMapper()), manager)) {
			Autoencoding autoencoder = (Autoencoding) model;
			List<float[]> parts = new ArrayList<>();
			int width = 0;
			for (int start = 0; start < count; start += 500) {
				int m = Math.min(500, count - start);
				try (NDManager batch = manager.newSubManager()) {
					NDArray input = batch.create(java.util.Arrays.copyOfRange(pixels, start * 784, (start + m) * 784),
							new Shape(m, 1, 28, 28));
					float[] values = (reconstruct ? autoencoder.reconstruct(input) : autoencoder.encode(input))
						.toFloatArray();
					width = values.length / m;
					parts.add(values);
				}
			}
			float[] out = new float[count * width];
			int offset = 0;
			for (float[] part : parts) {
				System.arraycopy(part, 0, out, offset, part.length);
				offset += part.length;
			}
			return out;
		}
	}

	void row(String measure, String model, Trained trained, String value) {
		this.rows.add(String.format("| %s | %s | %d | %d | %.0f s (%.1f steps/s) | %s |", measure, model,
				trained.steps(), trained.batch(), trained.seconds(), trained.stepsPerSecond(), value));
	}

	void write(double totalSeconds) throws IOException {
		StringBuilder md = new StringBuilder();
		md.append("# Autoencoder uses on Fashion-MNIST\n\n");
		md.append("Produced by `bench/autoencoder-uses/run.sh` (")
			.append(java.time.LocalDate.now())
			.append(", ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, load average ")
			.append(String.format("%.1f",
					java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
			.append(" at the end; whole run ")
			.append(String.format("%.0f", totalSeconds))
			.append(" s). Every model trains in a worker process (2 intra-op threads) with Adam (lr 1e-3), seed 7,\n")
			.append("on the fixed step budget in the table; 'train time' is the worker's wall time, start-up included.\n")
			.append("Anomaly AUC: reconstruction error (squared error summed over pixels) on all 10,000 test images,\n")
			.append("the held-out class positive. Classifier accuracy: the first 1,000 test images (the job's held-out set);\n")
			.append("the labelled images are the first N of each class in the training split; the pretrained encoder\n")
			.append("comes from the autoencoder trained without labels on all 60,000 training images.\n\n");
		md.append("| measure | model | steps | batch | train time | value |\n|---|---|---|---|---|---|\n");
		this.rows.forEach((r) -> md.append(r).append('\n'));
		Path out = Path.of(System.getProperty("latentforge.bench.output", "bench/autoencoder-uses/results.md"));
		Files.createDirectories(out.getParent());
		Files.writeString(out, md.toString());
		System.out.println(md);
	}

	static float[] unit(DatasetFiles.SplitData split) {
		byte[] raw = split.images().rawData();
		float[] out = new float[raw.length];
		for (int i = 0; i < raw.length; i++) {
			out[i] = (raw[i] & 0xFF) / 255f;
		}
		return out;
	}

	static double[] toArray(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}

}
