package dev.latentforge.models.autoencoder;

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
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.engine.Updater;
import dev.latentforge.images.Grid;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.tensors.Tensor;

/**
 * Trains a dense autoencoder: per step one mini-batch, the reconstruction loss,
 * backpropagation and one update of our {@link Updater}. Held-out metrics at checkpoints
 * compare with the baseline of predicting the training set's mean image:
 * {@code val_mse_ratio} is 1.0 for a model that learns nothing.
 */
final class AutoencoderTrainer implements ModelTrainer {

	private static final int EVAL_BATCH = 250;

	private static final int GRID_IMAGES = 32;

	private final TrainingSession session;

	private final AutoencoderSpec spec;

	private AutoencoderNetwork network;

	private Updater updater;

	private ParameterStore store;

	private float[] meanImage;

	AutoencoderTrainer(TrainingSession session) {
		this.session = session;
		this.spec = ((AutoencoderSpec) session.spec().model()).resolved();
	}

	@Override
	public void initialise(Optional<CheckpointData> resume) {
		Examples train = this.session.data().train();
		int inputSize = train.info().exampleSize();
		this.network = new AutoencoderNetwork(this.spec, inputSize, this.session.manager());
		this.updater = new Updater(this.session.spec().training().optimizer(), this.session.totalSteps(),
				this.network.parameters(), this.session.manager());
		this.store = new ParameterStore(this.session.manager(), false);
		if (resume.isPresent()) {
			Initialisation.load(this.network.parameters(), resume.get().parameters());
			this.updater.load(resume.get().optimizer(), "");
		}
		else {
			this.network.initialise(this.session.rng());
		}
		this.meanImage = meanImage(train, inputSize);
	}

	private static float[] meanImage(Examples train, int size) {
		int n = Math.min(train.count(), 10_000);
		double[] sum = new double[size];
		for (int start = 0; start < n; start += 500) {
			int[] positions = range(start, Math.min(n, start + 500));
			float[] values = train.values(positions);
			for (int i = 0; i < values.length; i++) {
				sum[i % size] += values[i];
			}
		}
		float[] mean = new float[size];
		for (int i = 0; i < size; i++) {
			mean[i] = (float) (sum[i] / n);
		}
		return mean;
	}

	@Override
	public Map<String, Double> step(long step) {
		int[] positions = this.session.data().batchPositions(step);
		NDArray images = this.session.data().train().batch(this.session.manager(), positions); // [B,
																								// C,
																								// H,
																								// W]
		float lossValue;
		try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
			NDArray loss = loss(images, true);
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

	private NDArray loss(NDArray images, boolean training) {
		NDArray target = images.reshape(images.getShape().get(0), this.network.inputSize()); // [B,
																								// D]
		NDArray codes = this.network.encode(this.store, images, training); // [B, code]
		NDArray logits = this.network.logits(this.store, codes, training); // [B, D]
		return switch (this.spec.loss()) {
			case BCE -> ReconstructionLoss.binaryCrossEntropyWithLogits(logits, target);
			case MSE -> ReconstructionLoss.meanSquaredError(this.network.output(logits), target);
		};
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
		int size = this.network.inputSize();
		double lossSum = 0;
		double squaredError = 0;
		double baselineError = 0;
		for (int start = 0; start < n; start += EVAL_BATCH) {
			int[] positions = range(start, Math.min(n, start + EVAL_BATCH));
			try (NDScope scope = new NDScope()) {
				NDArray images = validation.batch(this.session.manager(), positions);
				lossSum += loss(images, false).getFloat() * positions.length;
				float[] truth = images.toFloatArray();
				float[] reconstruction = reconstruct(images).toFloatArray();
				for (int i = 0; i < truth.length; i++) {
					double d = reconstruction[i] - truth[i];
					double b = this.meanImage[i % size] - truth[i];
					squaredError += d * d;
					baselineError += b * b;
				}
			}
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("val_loss", lossSum / n);
		metrics.put("val_mse", squaredError / ((double) n * size));
		metrics.put("val_mse_baseline", baselineError / ((double) n * size));
		metrics.put("val_mse_ratio", squaredError / baselineError);
		metrics.put("val_sse_per_image", squaredError / n);
		return metrics;
	}

	private NDArray reconstruct(NDArray images) {
		NDArray codes = this.network.encode(this.store, images, false);
		return this.network.output(this.network.logits(this.store, codes, false)).reshape(images.getShape());
	}

	@Override
	public byte[] sampleGrid() {
		Examples validation = this.session.data().validation();
		int n = Math.min(GRID_IMAGES, validation.count());
		int[] positions = range(0, n);
		int c = validation.info().channels();
		int h = validation.info().height();
		int w = validation.info().width();
		try (NDScope scope = new NDScope()) {
			NDArray images = validation.batch(this.session.manager(), positions);
			float[] inputs = images.toFloatArray();
			float[] outputs = reconstruct(images).toFloatArray();
			// rows of 8: inputs, then their reconstructions below
			List<float[]> tiles = new ArrayList<>();
			int size = c * h * w;
			for (int row = 0; row < n; row += 8) {
				for (int k = row; k < Math.min(n, row + 8); k++) {
					tiles.add(java.util.Arrays.copyOfRange(inputs, k * size, (k + 1) * size));
				}
				for (int k = row; k < Math.min(n, row + 8); k++) {
					tiles.add(java.util.Arrays.copyOfRange(outputs, k * size, (k + 1) * size));
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
