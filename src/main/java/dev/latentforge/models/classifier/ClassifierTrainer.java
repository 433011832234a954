package dev.latentforge.models.classifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.engine.Updater;
import dev.latentforge.images.Grid;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.tensors.Tensor;

/**
 * Trains a classifier on the labelled subset (the first {@code labelsPerClass} training
 * images of each class, in stored order): per step a mini-batch of that subset in a
 * seeded per-epoch order, softmax cross-entropy, backpropagation and one update of the
 * trainable parameters (the softmax layer alone when the encoder is frozen). A fresh run
 * with a pretrained encoder copies the autoencoder checkpoint's {@code encoder.*}
 * parameters first. Held-out metrics: accuracy and cross-entropy on the validation
 * examples (the test split, at most 1,000 images, when training on train).
 */
final class ClassifierTrainer implements ModelTrainer {

	private static final int EVAL_BATCH = 250;

	private final TrainingSession session;

	private final ClassifierSpec spec;

	private ClassifierNetwork network;

	private Updater updater;

	private ParameterStore store;

	private int[] labelled;

	ClassifierTrainer(TrainingSession session) {
		this.session = session;
		this.spec = (ClassifierSpec) session.spec().model();
	}

	@Override
	public void initialise(Optional<CheckpointData> resume) {
		Examples train = this.session.data().train();
		this.network = new ClassifierNetwork(this.spec, train.info().exampleSize(), this.session.manager());
		this.updater = new Updater(this.session.spec().training().optimizer(), this.session.totalSteps(),
				frozen() ? this.network.headParameters() : this.network.parameters(), this.session.manager());
		this.store = new ParameterStore(this.session.manager(), false);
		if (resume.isPresent()) {
			Initialisation.load(this.network.parameters(), resume.get().parameters());
			this.updater.load(resume.get().optimizer(), "");
		}
		else {
			this.network.initialise(this.session.rng());
			if (this.spec.pretrainedEncoder() != null) {
				Initialisation.load(this.network.encoderParameters(), pretrainedParameters());
			}
		}
		this.labelled = labelledPositions(train, this.spec.labelsPerClass(), this.spec.classes().size());
		if (this.labelled.length < this.session.data().batchSize()) {
			throw new IllegalArgumentException("batch size " + this.session.data().batchSize() + " is larger than the "
					+ this.labelled.length + " labelled training images");
		}
	}

	private boolean frozen() {
		return this.spec.pretrainedEncoder() != null && Boolean.TRUE.equals(this.spec.freezeEncoder());
	}

	private Map<String, Tensor> pretrainedParameters() {
		Path dir = this.session.inputs().get(ClassifierSpec.FIELD);
		if (dir == null) {
			throw new IllegalStateException("the pretrained encoder's checkpoint was not passed to the worker");
		}
		try {
			return CheckpointFiles.read(dir, ModelFamilies.discover().jsonMapper()).parameters();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the pretrained encoder's checkpoint " + dir, ex);
		}
	}

	/** The positions of the first {@code perClass} examples of each class. */
	static int[] labelledPositions(Examples train, Integer perClass, int classes) {
		int[] all = new int[train.count()];
		for (int i = 0; i < all.length; i++) {
			all[i] = i;
		}
		if (perClass == null) {
			return all;
		}
		int[] labels = train.labels(all);
		int[] taken = new int[classes];
		List<Integer> out = new ArrayList<>();
		for (int i = 0; i < all.length; i++) {
			if (taken[labels[i]] < perClass) {
				taken[labels[i]]++;
				out.add(i);
			}
		}
		return out.stream().mapToInt(Integer::intValue).toArray();
	}

	@Override
	public Map<String, Double> step(long step) {
		int batch = this.session.data().batchSize();
		long perEpoch = Math.max(1, this.labelled.length / batch);
		long epoch = (step - 1) / perEpoch;
		int inEpoch = (int) ((step - 1) % perEpoch);
		int[] order = this.session.rng().permutation(epoch, "labelled", this.labelled.length);
		int[] positions = new int[batch];
		for (int i = 0; i < batch; i++) {
			positions[i] = this.labelled[order[inEpoch * batch + i]];
		}
		Examples train = this.session.data().train();
		NDArray images = train.batch(this.session.manager(), positions); // [B, C, H, W]
		NDArray labels = this.session.manager().create(train.labels(positions)); // [B]
		float lossValue;
		try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
			NDArray loss = crossEntropy(this.network.logits(this.store, images, true, frozen()), labels);
			collector.backward(loss);
			lossValue = loss.getFloat();
		}
		if (Float.isFinite(lossValue)) {
			this.updater.step(step);
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("loss", (double) lossValue);
		metrics.put("lr", this.updater.learningRate(step));
		return metrics;
	}

	/** Mean softmax cross-entropy, −mean(log softmax(logits)[label]). */
	private NDArray crossEntropy(NDArray logits, NDArray labels) {
		NDArray oneHot = labels.oneHot(this.spec.classes().size()); // [B, classes]
		return logits.logSoftmax(1).mul(oneHot).sum(new int[] { 1 }).mean().neg();
	}

	@Override
	public Map<String, Tensor> parameters() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		this.network.parameters().forEach((name, parameter) -> out.put(name, NdTensors.toTensor(parameter.getArray())));
		return out;
	}

	@Override
	public Map<String, Tensor> optimizerState() {
		return this.updater.state("");
	}

	@Override
	public Map<String, Double> evaluate() {
		Examples validation = this.session.data().validation();
		int n = validation.count();
		int correct = 0;
		double lossSum = 0;
		for (int start = 0; start < n; start += EVAL_BATCH) {
			int[] positions = range(start, Math.min(n, start + EVAL_BATCH));
			try (NDScope scope = new NDScope()) {
				NDArray images = validation.batch(this.session.manager(), positions);
				int[] truth = validation.labels(positions);
				NDArray logits = this.network.logits(this.store, images, false, false);
				lossSum += crossEntropy(logits, this.session.manager().create(truth)).getFloat() * positions.length;
				long[] predicted = logits.argMax(1).toLongArray();
				for (int i = 0; i < truth.length; i++) {
					correct += predicted[i] == truth[i] ? 1 : 0;
				}
			}
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("val_accuracy", (double) correct / n);
		metrics.put("val_loss", lossSum / n);
		metrics.put("val_examples", (double) n);
		metrics.put("labelled_examples", (double) this.labelled.length);
		return metrics;
	}

	/**
	 * The first 32 held-out images, grouped by predicted class (one row per class run).
	 */
	@Override
	public byte[] sampleGrid() {
		Examples validation = this.session.data().validation();
		int n = Math.min(32, validation.count());
		int[] positions = range(0, n);
		int c = validation.info().channels();
		int h = validation.info().height();
		int w = validation.info().width();
		int size = c * h * w;
		try (NDScope scope = new NDScope()) {
			NDArray images = validation.batch(this.session.manager(), positions);
			long[] predicted = this.network.logits(this.store, images, false, false).argMax(1).toLongArray();
			float[] values = images.toFloatArray();
			List<float[]> tiles = new ArrayList<>();
			for (int label = 0; label < this.spec.classes().size(); label++) {
				for (int i = 0; i < n; i++) {
					if (predicted[i] == label) {
						tiles.add(java.util.Arrays.copyOfRange(values, i * size, (i + 1) * size));
					}
				}
			}
			return Grid.png(tiles, c, h, w, Math.min(8, n));
		}
	}

	static int[] range(int from, int to) {
		int[] out = new int[to - from];
		for (int i = 0; i < out.length; i++) {
			out[i] = from + i;
		}
		return out;
	}

	@Override
	public void close() {
		// arrays belong to the session's manager, which the worker closes
	}

}
