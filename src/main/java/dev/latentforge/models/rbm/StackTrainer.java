package dev.latentforge.models.rbm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.engine.Rng;
import dev.latentforge.engine.Updater;
import dev.latentforge.images.Grid;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.tensors.DType;
import dev.latentforge.tensors.Tensor;

/**
 * Trains an RBM, or a DBN greedily layer by layer, by contrastive divergence with manual
 * updates (no autograd) through our {@link Updater}, one per layer, whose momentum is
 * saved in checkpoints with the PCD chains, so a resumed job repeats the uninterrupted
 * run bit for bit. The job's steps are split: a DBN's {@code fineTuneSteps} go to the
 * classifier at the end, the rest equally to the layers, each layer with its own
 * learning-rate schedule over its own steps. Every random draw is keyed by the step.
 */
final class StackTrainer implements ModelTrainer {

	private static final int EVAL_ROWS = 1000;

	private static final int GRID_CHAINS = 32;

	private static final int GRID_STEPS = 200;

	private final TrainingSession session;

	private final StackConfig config;

	private final long[] layerStart;

	private RbmStack stack;

	private VisibleData inputs;

	private final List<Updater> updaters = new ArrayList<>();

	private NDArray[] chains;

	private Updater classifierUpdater;

	/** The classifier's arrays, allocated up front and filled when fine-tuning starts. */
	private Classifier pendingClassifier;

	private long lastStep;

	StackTrainer(TrainingSession session) {
		this.session = session;
		this.config = StackConfig.of(session.spec().model());
		this.layerStart = layerStarts(this.config, session.totalSteps());
	}

	/**
	 * The first step of each layer, and at index L the first fine-tuning step (total + 1
	 * without fine-tuning).
	 */
	static long[] layerStarts(StackConfig config, long total) {
		int layers = config.layers();
		long pretraining = total - config.fineTuneSteps();
		long[] starts = new long[layers + 1];
		for (int l = 0; l <= layers; l++) {
			starts[l] = 1 + pretraining * l / layers;
		}
		return starts;
	}

	/** The layer a step trains, or L for fine-tuning. */
	int layerOf(long step) {
		for (int l = 0; l < this.config.layers(); l++) {
			if (step < this.layerStart[l + 1]) {
				return l;
			}
		}
		return this.config.layers();
	}

	@Override
	public String phase(long step) {
		int layer = layerOf(step);
		if (layer == this.config.layers()) {
			return "fine-tuning the classifier";
		}
		if (!this.config.dbn()) {
			return "training";
		}
		return "layer " + (layer + 1) + " of " + this.config.layers() + ", pretraining";
	}

	private OptimizerSpec optimizer() {
		return this.session.spec().training().optimizer().resolved();
	}

	@Override
	public void initialise(Optional<CheckpointData> resume) {
		NDManager manager = this.session.manager();
		Examples train = this.session.data().train();
		int inputSize = train.info().exampleSize();
		this.stack = new RbmStack(this.config, inputSize, manager);
		this.inputs = new VisibleData(this.stack, this.session.rng());
		OptimizerSpec spec = optimizer();
		// weight decay is applied to the weights only, inside the CD estimate
		OptimizerSpec withoutDecay = new OptimizerSpec(spec.type(), spec.learningRate(), spec.betas(), spec.momentum(),
				0.0, spec.epsilon(), spec.schedule());
		for (int l = 0; l < this.config.layers(); l++) {
			this.updaters.add(new Updater(withoutDecay, this.layerStart[l + 1] - this.layerStart[l],
					this.stack.layer(l).parameters(), manager));
		}
		this.chains = new NDArray[this.config.layers()];
		if (resume.isPresent()) {
			CheckpointData checkpoint = resume.get();
			GradMode.off(() -> this.stack.load(checkpoint.parameters(), manager));
			for (int l = 0; l < this.config.layers(); l++) {
				this.updaters.get(l).load(checkpoint.optimizer(), "layer" + l + "/");
				Tensor saved = checkpoint.optimizer().get("pcd/layers." + l);
				if (saved != null) {
					this.chains[l] = NdTensors.toNdArray(manager, saved);
				}
			}
			this.lastStep = checkpoint.manifest().step();
		}
		else {
			initialiseWeights(train);
		}
		// arrays made during a step are closed with the step's scope: allocate the
		// classifier and its optimizer state now
		if (this.stack.classifier() != null) {
			this.classifierUpdater = new Updater(spec, this.config.fineTuneSteps(),
					this.stack.classifier().parameters(), manager);
			this.classifierUpdater.load(resume.get().optimizer(), "classifier/");
		}
		else if (this.config.fineTuneSteps() > 0) {
			int classes = train.info().classes().size();
			this.pendingClassifier = Classifier.from(this.stack, classes, this.session.rng(), manager);
			this.classifierUpdater = new Updater(spec, this.config.fineTuneSteps(), this.pendingClassifier.parameters(),
					manager);
		}
	}

	/**
	 * Weights N(0, initStd²), hidden biases 0, visible biases log(p̄ / (1 − p̄)) of the
	 * training data for Bernoulli units (Hinton's guide, section 8), 0 for Gaussian units
	 * on standardised data.
	 */
	private void initialiseWeights(Examples train) {
		int[] positions = VisibleData.spread(train.count(), 10_000);
		int width = train.info().exampleSize();
		float[] rows = this.inputs.rows(train, positions, "train");
		if (this.config.visible() == RbmSpec.VisibleUnits.GAUSSIAN) {
			double[] sum = new double[width];
			double[] squares = new double[width];
			for (int i = 0; i < rows.length; i++) {
				sum[i % width] += rows[i];
				squares[i % width] += (double) rows[i] * rows[i];
			}
			float[] mean = new float[width];
			float[] std = new float[width];
			for (int j = 0; j < width; j++) {
				double m = sum[j] / positions.length;
				mean[j] = (float) m;
				std[j] = (float) Math.sqrt(Math.max(0, squares[j] / positions.length - m * m));
			}
			this.stack.standardise(mean, std);
		}
		Rng rng = this.session.rng();
		for (int l = 0; l < this.config.layers(); l++) {
			Rbm rbm = this.stack.layer(l);
			Map<String, ai.djl.nn.Parameter> parameters = rbm.parameters();
			Initialisation.normal(parameters.get(rbm.prefix() + "weight"), rng, rbm.prefix() + "weight",
					(float) this.config.initStd());
			Initialisation.constant(parameters.get(rbm.prefix() + "hidden_bias"), 0f);
			Initialisation.constant(parameters.get(rbm.prefix() + "visible_bias"), 0f);
		}
		if (this.stack.layer(0).visible() == Rbm.Visible.BERNOULLI) {
			float[] bias = PartitionFunction.baseRate(rows, width);
			GradMode.off(() -> this.stack.layer(0).b().set(bias));
		}
	}

	@Override
	public Map<String, Double> step(long step) {
		this.lastStep = step;
		int layer = layerOf(step);
		if (layer == this.config.layers()) {
			return fineTune(step);
		}
		NDManager manager = this.session.manager();
		int[] positions = this.session.data().batchPositions(step);
		NDArray data = this.inputs.batch(manager, this.session.data().train(), positions, "train"); // [B,
																									// D]
		Noise noise = new Noise(this.session.rng(), step, "cd/", manager);
		NDArray x = this.stack.sampleUp(data, layer, noise); // [B, V_l]
		Rbm rbm = this.stack.layer(layer);
		NDArray persistent = null;
		if (this.config.sampler() == RbmSpec.Sampler.PCD) {
			if (this.chains[layer] == null) {
				// the fantasy chains start at the first batch's sampled hidden states
				this.chains[layer] = noise.bernoulli(rbm.hiddenProbabilities(x), "pcd-start");
				NDScope.unregister(this.chains[layer]);
			}
			persistent = this.chains[layer];
		}
		ContrastiveDivergence.Estimate estimate = ContrastiveDivergence.estimate(rbm, x, this.config.k(), persistent,
				optimizer().weightDecay(), noise);
		long local = step - this.layerStart[layer] + 1;
		this.updaters.get(layer).step(local, estimate.gradients());
		if (estimate.chains() != null) {
			NDScope.unregister(estimate.chains());
			this.chains[layer].close();
			this.chains[layer] = estimate.chains();
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("loss", estimate.reconstructionError());
		metrics.put("reconstruction_error", estimate.reconstructionError());
		metrics.put("lr", this.updaters.get(layer).learningRate(local));
		if (this.config.dbn()) {
			metrics.put("layer", (double) (layer + 1));
		}
		return metrics;
	}

	private Map<String, Double> fineTune(long step) {
		NDManager manager = this.session.manager();
		if (this.stack.classifier() == null) {
			// the recognition weights as pretrained now
			this.pendingClassifier.copyRecognitionWeights(this.stack);
			this.stack.attachClassifier(this.pendingClassifier);
		}
		int[] positions = this.session.data().batchPositions(step);
		Examples train = this.session.data().train();
		NDArray images = manager.create(train.values(positions),
				new Shape(positions.length, train.info().exampleSize()));
		Map<String, NDArray> gradients = new LinkedHashMap<>();
		double loss = this.stack.classifier()
			.lossAndGradients(this.stack.visibleFromImages(images), train.labels(positions), gradients);
		long local = step - this.layerStart[this.config.layers()] + 1;
		this.classifierUpdater.step(local, gradients);
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("loss", loss);
		metrics.put("cross_entropy", loss);
		metrics.put("lr", this.classifierUpdater.learningRate(local));
		return metrics;
	}

	/** The network being trained. */
	RbmStack stack() {
		return this.stack;
	}

	@Override
	public Map<String, Tensor> parameters() {
		return this.stack.tensors();
	}

	@Override
	public Map<String, Tensor> optimizerState() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		for (int l = 0; l < this.config.layers(); l++) {
			out.putAll(this.updaters.get(l).state("layer" + l + "/"));
			if (this.chains[l] != null) {
				out.put("pcd/layers." + l, NdTensors.toTensor(this.chains[l]));
			}
		}
		if (this.classifierUpdater != null) {
			out.putAll(this.classifierUpdater.state("classifier/"));
		}
		ByteBuffer step = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(this.lastStep);
		out.put("step", new Tensor(DType.INT64, new int[] { 1 }, step.array()));
		return out;
	}

	@Override
	public Map<String, Double> evaluate() {
		int layer = Math.min(layerOf(this.lastStep), this.config.layers() - 1);
		NDManager manager = this.session.manager();
		Examples validation = this.session.data().validation();
		Examples train = this.session.data().train();
		int[] valPositions = VisibleData.spread(validation.count(), EVAL_ROWS);
		int[] trainPositions = VisibleData.spread(train.count(), Math.min(EVAL_ROWS, valPositions.length));
		NDArray valData = this.inputs.batch(manager, validation, valPositions, "validation");
		NDArray trainData = this.inputs.batch(manager, train, trainPositions, "train");
		Map<String, Double> metrics = new LinkedHashMap<>(
				StackEvaluation.rbmMetrics(this.stack, layer, valData, trainData, this.session.rng(), this.lastStep));
		if (this.config.dbn()) {
			metrics.put("layer", (double) (layer + 1));
		}
		boolean fullStack = layer == this.config.layers() - 1;
		int runs = fullStack || !this.config.dbn() ? this.config.aisRuns() : Math.min(this.config.aisRuns(), 16);
		LogLikelihood ll = LogLikelihood.of(this.stack, layer + 1, valData, trainData, runs,
				this.config.aisTemperatures(), this.session.rng(), this.lastStep, manager, null);
		if (ll != null) {
			metrics.putAll(ll.metrics());
		}
		if (this.stack.classifier() != null) {
			metrics.put("test_accuracy", StackEvaluation.accuracy(this.stack, validation, manager));
		}
		return metrics;
	}

	@Override
	public byte[] sampleGrid() {
		Examples train = this.session.data().train();
		int[] shape = { train.info().channels(), train.info().height(), train.info().width() };
		try (NDManager manager = this.session.manager().newSubManager()) {
			Rng rng = new Rng(this.session.spec().training().seed());
			GibbsChain chain = GibbsChain.start(this.stack, shape, manager, GRID_CHAINS, null, rng);
			for (int t = 1; t <= GRID_STEPS; t++) {
				chain.step(t, rng);
			}
			float[] values = chain.images(true).toFloatArray();
			int size = shape[0] * shape[1] * shape[2];
			List<float[]> tiles = new ArrayList<>();
			for (int i = 0; i < GRID_CHAINS; i++) {
				tiles.add(java.util.Arrays.copyOfRange(values, i * size, (i + 1) * size));
			}
			return Grid.png(tiles, shape[0], shape[1], shape[2], 8);
		}
	}

	@Override
	public void close() {
		// arrays belong to the session's manager, which the worker closes
	}

}
