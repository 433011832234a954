package dev.latentforge.models.autoencoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.engine.Updater;
import dev.latentforge.images.Grid;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.tensors.Tensor;

/**
 * Trains an autoencoder of any variant: per step one mini-batch, the {@link Objective},
 * backpropagation and one update of our {@link Updater}. A stacked autoencoder with
 * {@code pretraining = layerwise} first spends {@code pretrainingSteps} steps on each
 * layer k (an autoencoder of encoder layer k and its mirror in the decoder, on the codes
 * of the frozen layers below, with an {@link Updater} of its own), then fine-tunes the
 * whole network end to end for the remaining steps. Held-out metrics at checkpoints
 * compare with the baseline of predicting the training set's mean image:
 * {@code val_mse_ratio} is 1.0 for a model that learns nothing.
 */
final class AutoencoderTrainer implements ModelTrainer {

	private static final int EVAL_BATCH = 250;

	private static final int GRID_IMAGES = 32;

	static final String RHO_HAT = "sparsity.rho_hat";

	private final TrainingSession session;

	private final AutoencoderSpec spec;

	private Network network;

	private Objective objective;

	/**
	 * The fine-tuning (or only) updater under prefix "", then one per pretrained layer.
	 */
	private final Map<String, Updater> updaters = new LinkedHashMap<>();

	private ParameterStore store;

	private float[] meanImage;

	/** The sparse autoencoder's running estimate ρ̂ (checkpointed with the optimizer). */
	private float[] rhoHat;

	AutoencoderTrainer(TrainingSession session) {
		this.session = session;
		this.spec = ((AutoencoderSpec) session.spec().model()).resolved();
	}

	@Override
	public void initialise(Optional<CheckpointData> resume) {
		Examples train = this.session.data().train();
		DatasetInfo info = train.info();
		this.network = Network.build(this.spec, info.channels(), info.height(), info.width(), this.session.manager());
		this.objective = new Objective(this.spec, this.network);
		long total = this.session.totalSteps();
		this.updaters.put("", new Updater(this.session.spec().training().optimizer(), total, this.network.parameters(),
				this.session.manager()));
		if (this.spec.isLayerwise()) {
			AutoencoderNetwork dense = (AutoencoderNetwork) this.network;
			for (int k = 0; k < dense.depth(); k++) {
				this.updaters.put(pretrainingPrefix(k), new Updater(this.session.spec().training().optimizer(), total,
						dense.layerParameters(k), this.session.manager()));
			}
		}
		this.store = new ParameterStore(this.session.manager(), false);
		if (resume.isPresent()) {
			Initialisation.load(this.network.parameters(), resume.get().parameters());
			Map<String, Tensor> state = resume.get().optimizer();
			this.updaters.forEach((prefix, updater) -> updater.load(state, prefix));
			if (state.containsKey(RHO_HAT)) {
				this.rhoHat = state.get(RHO_HAT).toFloatArray();
			}
		}
		this.meanImage = meanImage(train, this.network.inputSize());
		if (resume.isEmpty()) {
			this.network.initialise(this.session.rng());
			if (this.network instanceof AutoencoderNetwork dense) {
				dense.centre(this.meanImage);
			}
		}
	}

	/** The objective being minimised (for tests and the benchmark in this package). */
	Objective objective() {
		return this.objective;
	}

	/** The network being trained (for tests in this package). */
	Network network() {
		return this.network;
	}

	private static String pretrainingPrefix(int layer) {
		return "pretraining." + layer + "/";
	}

	/** The 0-based layer pretrained at a 1-based step, or −1 when training end to end. */
	int pretrainingLayer(long step) {
		if (!this.spec.isLayerwise()) {
			return -1;
		}
		long layer = (step - 1) / this.spec.pretrainingSteps();
		return layer < this.spec.layers().size() ? (int) layer : -1;
	}

	@Override
	public String phase(long step) {
		if (!this.spec.isLayerwise()) {
			return "training";
		}
		int layer = pretrainingLayer(step);
		return layer >= 0 ? "layer " + (layer + 1) + " of " + this.spec.layers().size() + ", pretraining"
				: "fine-tuning";
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
		NDArray images = this.session.data().train().batch(this.session.manager(), positions); // [B,C,H,W]
		int layer = pretrainingLayer(step);
		Map<String, Double> metrics = new LinkedHashMap<>();
		float lossValue;
		float[] estimate = null;
		try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
			if (layer >= 0) {
				NDArray loss = pretrainingLoss(images, layer);
				collector.backward(loss);
				lossValue = loss.getFloat();
			}
			else {
				NDArray input = this.spec.corruption() != null
						? this.spec.corruption().apply(images, this.session.rng(), step, "corruption") : images;
				Objective.Terms terms = this.objective.evaluate(this.store, input, images, true, this.session.rng(),
						step, "vae/eps", this.rhoHat);
				collector.backward(terms.loss());
				lossValue = terms.loss().getFloat();
				if (terms.kl() != null) {
					double reconstruction = terms.reconstruction().mean().getFloat();
					double kl = terms.kl().mean().getFloat();
					metrics.put("elbo", -(reconstruction + kl));
					metrics.put("kl", kl);
					metrics.put("reconstruction", reconstruction);
				}
				if (terms.estimate() != null) {
					estimate = terms.estimate().toFloatArray();
				}
			}
		}
		if (Float.isFinite(lossValue)) {
			this.updaters.get(layer >= 0 ? pretrainingPrefix(layer) : "").step(step);
			if (estimate != null) {
				this.rhoHat = estimate;
			}
		}
		metrics.put("loss", (double) lossValue);
		metrics.put("lr", this.updaters.get("").learningRate(step));
		if (this.rhoHat != null) {
			metrics.put("rho_hat", mean(this.rhoHat));
		}
		return metrics;
	}

	/**
	 * The loss of layer k pretrained as an autoencoder on the codes h of the layers below
	 * (held fixed): layer 0 reconstructs the image with the model's loss; a higher layer
	 * reconstructs h through the hidden activation, with squared error.
	 */
	private NDArray pretrainingLoss(NDArray images, int k) {
		AutoencoderNetwork dense = (AutoencoderNetwork) this.network;
		NDArray flat = images.reshape(images.getShape().get(0), dense.inputSize()); // [B,
																					// D]
		NDArray below = dense.below(this.store, flat, k, true).stopGradient(); // [B,
																				// layers[k-1]]
		NDArray code = dense.encodeLayer(this.store, below, k, true); // [B, layers[k]]
		NDArray out = dense.decodeLayer(this.store, code, k, true); // [B, layers[k-1]]
		if (k > 0) {
			return ReconstructionLoss.meanSquaredError(Network.activate(this.spec.activation(), out), below);
		}
		return switch (this.spec.loss()) {
			case BCE -> ReconstructionLoss.binaryCrossEntropyWithLogits(out, flat);
			case MSE -> ReconstructionLoss.meanSquaredError(this.objective.output(out), flat);
		};
	}

	private static double mean(float[] values) {
		double sum = 0;
		for (float v : values) {
			sum += v;
		}
		return sum / values.length;
	}

	@Override
	public Map<String, Tensor> parameters() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		this.network.parameters().forEach((name, parameter) -> out.put(name, NdTensors.toTensor(parameter.getArray())));
		return out;
	}

	@Override
	public Map<String, Tensor> optimizerState() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		this.updaters.forEach((prefix, updater) -> out.putAll(updater.state(prefix)));
		if (this.rhoHat != null) {
			out.put(RHO_HAT, Tensor.ofFloats(new int[] { this.rhoHat.length }, this.rhoHat));
		}
		return out;
	}

	@Override
	public Map<String, Double> evaluate() {
		Examples validation = this.session.data().validation();
		int n = validation.count();
		int size = this.network.inputSize();
		double lossSum = 0;
		double squaredError = 0;
		double baselineError = 0;
		double reconstructionSum = 0;
		double klSum = 0;
		double[] activation = this.spec.sparsity() != null ? new double[this.spec.codeSize()] : null;
		double psnrNoisy = 0;
		double psnrDenoised = 0;
		for (int start = 0; start < n; start += EVAL_BATCH) {
			int[] positions = range(start, Math.min(n, start + EVAL_BATCH));
			try (NDScope scope = new NDScope()) {
				NDArray images = validation.batch(this.session.manager(), positions);
				NDArray input = this.spec.corruption() != null
						? this.spec.corruption().apply(images, this.session.rng(), start, "eval/corruption") : images;
				Objective.Terms terms = this.objective.evaluate(this.store, input, images, false, this.session.rng(),
						start, "eval/vae/eps", null);
				lossSum += terms.loss().getFloat() * positions.length;
				reconstructionSum += terms.reconstruction().sum().getFloat();
				if (terms.kl() != null) {
					klSum += terms.kl().sum().getFloat();
				}
				if (activation != null) {
					float[] codes = this.objective.codes(this.store, images).toFloatArray();
					for (int i = 0; i < codes.length; i++) {
						activation[i % activation.length] += codes[i];
					}
				}
				float[] truth = images.toFloatArray();
				float[] reconstruction = this.objective.reconstruct(this.store, images).toFloatArray();
				for (int i = 0; i < truth.length; i++) {
					double d = reconstruction[i] - truth[i];
					double b = this.meanImage[i % size] - truth[i];
					squaredError += d * d;
					baselineError += b * b;
				}
				if (this.spec.corruption() != null) {
					float[] noisy = input.toFloatArray();
					float[] denoised = this.objective.reconstruct(this.store, input).toFloatArray();
					psnrNoisy += psnrSum(noisy, truth, size);
					psnrDenoised += psnrSum(denoised, truth, size);
				}
			}
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("val_loss", lossSum / n);
		metrics.put("val_mse", squaredError / ((double) n * size));
		metrics.put("val_mse_baseline", baselineError / ((double) n * size));
		metrics.put("val_mse_ratio", squaredError / baselineError);
		metrics.put("val_sse_per_image", squaredError / n);
		if (this.spec.isVariational()) {
			metrics.put("val_elbo", -(reconstructionSum + klSum) / n);
			metrics.put("val_kl", klSum / n);
			metrics.put("val_reconstruction", reconstructionSum / n);
		}
		if (activation != null) {
			double total = 0;
			for (double a : activation) {
				total += a / n;
			}
			metrics.put("val_rho_hat", total / activation.length);
			metrics.put("rho_hat", this.rhoHat != null ? mean(this.rhoHat) : total / activation.length);
		}
		if (this.spec.corruption() != null) {
			metrics.put("val_psnr_noisy", psnrNoisy / n);
			metrics.put("val_psnr_denoised", psnrDenoised / n);
		}
		return metrics;
	}

	/**
	 * The sum over images of PSNR = 10·log10(1 / MSE) in dB (peak 1), MSE floored at
	 * 1e-10.
	 */
	static double psnrSum(float[] images, float[] truth, int size) {
		double sum = 0;
		for (int row = 0; row < truth.length / size; row++) {
			double se = 0;
			for (int k = row * size; k < (row + 1) * size; k++) {
				double d = images[k] - truth[k];
				se += d * d;
			}
			sum += 10 * Math.log10(1 / Math.max(1e-10, se / size));
		}
		return sum;
	}

	@Override
	public byte[] sampleGrid() {
		Examples validation = this.session.data().validation();
		int n = Math.min(GRID_IMAGES, validation.count());
		int[] positions = range(0, n);
		int c = validation.info().channels();
		int h = validation.info().height();
		int w = validation.info().width();
		int size = c * h * w;
		try (NDScope scope = new NDScope()) {
			NDArray images = validation.batch(this.session.manager(), positions);
			float[] inputs = images.toFloatArray();
			NDArray corrupted = this.spec.corruption() != null
					? this.spec.corruption().apply(images, this.session.rng(), 0, "grid/corruption") : null;
			float[] noisy = corrupted != null ? corrupted.toFloatArray() : null;
			float[] outputs = this.objective.reconstruct(this.store, corrupted != null ? corrupted : images)
				.toFloatArray();
			// rows of 8: inputs, (their corruption,) then their reconstructions below
			List<float[]> tiles = new ArrayList<>();
			for (int row = 0; row < n; row += 8) {
				addRow(tiles, inputs, row, n, size);
				if (noisy != null) {
					addRow(tiles, noisy, row, n, size);
				}
				addRow(tiles, outputs, row, n, size);
			}
			if (this.spec.isVariational()) {
				// two rows of draws from the prior, with a fixed noise bank
				int draws = 16;
				NDArray z = this.session.manager()
					.create(this.session.rng().gaussian(0, "grid/prior", draws * this.spec.codeSize(), 1f),
							new Shape(draws, this.spec.codeSize()));
				addRow(tiles, this.objective.output(this.network.logits(this.store, z, false)).toFloatArray(), 0, draws,
						size);
				addRow(tiles, this.objective.output(this.network.logits(this.store, z, false)).toFloatArray(), 8, draws,
						size);
			}
			return Grid.png(tiles, c, h, w, Math.min(8, n));
		}
	}

	private static void addRow(List<float[]> tiles, float[] values, int row, int n, int size) {
		for (int k = row; k < Math.min(n, row + 8); k++) {
			tiles.add(Arrays.copyOfRange(values, k * size, (k + 1) * size));
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
