package dev.latentforge.models.gan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.InputGradients;
import dev.latentforge.engine.NdTensors;
import dev.latentforge.engine.Updater;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelTrainer;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.tensors.Tensor;

/**
 * Trains a GAN. One step is one generator update, preceded by {@code dSteps} (or
 * {@code criticSteps}) discriminator updates:
 * <ol>
 * <li>D step: a real batch and a fake batch (G's output cut from the graph, so no
 * gradient reaches G), D's loss, backward into D only, D's optimizer; weight clipping for
 * the Wasserstein critic; for {@code wasserstein-gp} the gradient penalty at random
 * interpolates between the real and the fake batch instead (see
 * {@link #gradientPenalty}).</li>
 * <li>G step: fresh latents, G's loss through D, backward, G's optimizer. The backward
 * also leaves gradients on D's parameters (DJL zeroes a gradient only when its own
 * optimizer steps), so every D step starts by zeroing D's gradients and every G step by
 * zeroing G's: neither update contains the other's gradient (a test checks it).</li>
 * </ol>
 * Every draw comes from the job's counter-based streams, so a resumed job sees the draws
 * of the uninterrupted run (its weights match bit for bit in 88 of 100 short runs on the
 * CI machines: an unexplained difference appears in the rest; README, GANs, known
 * limits). Metrics per step: D(x) and D(G(z)) means (σ of the logits, or the critic's raw
 * scores), both losses, both gradient norms (and, with an auxiliary classifier, both
 * players' class losses); {@code loss} is the sum of the losses (class losses weighted),
 * so a non-finite loss of either player fails the job; {@code skipped_updates} counts
 * updates skipped for a non-finite gradient ({@link UpdateGuard}).
 */
final class GanTrainer implements ModelTrainer {

	private final TrainingSession session;

	private final DatasetInfo info;

	private final GanSpec spec;

	private Players players;

	private Players snapshot;

	private Conditions conditions;

	private Updater generatorUpdater;

	private Updater discriminatorUpdater;

	private HistoricalAverage generatorHistory;

	private HistoricalAverage discriminatorHistory;

	private ReplayBuffer replay;

	private Monitor monitor;

	/** wasserstein-gp: the differentiable ∇ₓ C(x) of the gradient penalty. */
	private InputGradients inputGradients;

	private final UpdateGuard guard = new UpdateGuard();

	GanTrainer(TrainingSession session) {
		this.session = session;
		this.info = session.data().train().info();
		this.spec = ((GanSpec) session.spec().model()).resolved(this.info);
	}

	@Override
	public void initialise(Optional<CheckpointData> resume) {
		NDManager manager = this.session.manager();
		this.conditions = Conditions.of(this.spec, this.session.spec().dataOrDefault());
		int conditionSize = this.conditions != null ? this.conditions.size() : 0;
		this.players = Players.build(this.spec, this.info, conditionSize,
				this.conditions != null ? this.conditions.labels() : 0, manager);
		long total = this.session.totalSteps();
		this.generatorUpdater = new Updater(this.spec.generator(), total, this.players.generator.net.parameters(),
				manager);
		this.discriminatorUpdater = new Updater(this.spec.discriminator(), total * this.spec.discriminatorSteps(),
				this.players.discriminator.net.parameters(), manager);
		if (resume.isPresent()) {
			this.players.generator.net.load(resume.get().parameters());
			this.players.discriminator.net.load(resume.get().parameters());
		}
		else {
			this.players.generator.net.initialise(this.session.rng());
			this.players.discriminator.net.initialise(this.session.rng());
			chooseReferences();
		}
		if (this.spec.historicalAveraging() != null) {
			this.generatorHistory = new HistoricalAverage(this.spec.historicalAveraging(),
					this.players.generator.net.parameters());
			this.discriminatorHistory = new HistoricalAverage(this.spec.historicalAveraging(),
					this.players.discriminator.net.parameters());
		}
		if (this.spec.replay() != null) {
			this.replay = new ReplayBuffer(this.spec.replay().capacityOrDefault(), this.info.exampleSize(),
					conditionSize);
		}
		if (this.spec.checkpointSwap() != null) {
			this.snapshot = this.players.twin(manager);
			this.snapshot.generator.net.copyFrom(this.players.generator.net);
			this.snapshot.discriminator.net.copyFrom(this.players.discriminator.net);
		}
		if (resume.isPresent()) {
			Map<String, Tensor> state = resume.get().optimizer();
			this.generatorUpdater.load(state, "generator.");
			this.discriminatorUpdater.load(state, "discriminator.");
			if (this.generatorHistory != null) {
				this.generatorHistory.load(state, "history.generator.");
				this.discriminatorHistory.load(state, "history.discriminator.");
			}
			if (this.replay != null) {
				this.replay.load(state, "replay.");
			}
			if (this.snapshot != null) {
				this.snapshot.generator.net.load(stripped(state, "swap."));
				this.snapshot.discriminator.net.load(stripped(state, "swap."));
			}
		}
		this.monitor = new Monitor(this.players, this.conditions, this.session);
		if (this.spec.loss() == GanLoss.WASSERSTEIN_GP) {
			this.inputGradients = new InputGradients(manager);
		}
	}

	private static Map<String, Tensor> stripped(Map<String, Tensor> state, String prefix) {
		Map<String, Tensor> out = new LinkedHashMap<>();
		state.forEach((k, v) -> {
			if (k.startsWith(prefix)) {
				out.put(k.substring(prefix.length()), v);
			}
		});
		return out;
	}

	/** Fixes virtual batch norm's reference batches from the job's streams. */
	private void chooseReferences() {
		int r = Players.REFERENCE;
		Examples train = this.session.data().train();
		int[] positions = firstOf(this.session.rng().permutation(0, "vbn/reference", train.count()), r);
		if (this.spec.generatorNorm() == GanSpec.Norm.VIRTUAL_BATCH) {
			Net g = this.players.generator.net;
			NDManager m = this.session.manager();
			g.setBuffer("g.vbn.reference_latents",
					m.create(this.session.rng().gaussian(0, "vbn/latents", r * this.spec.latentSize(), 1f),
							new Shape(r, this.spec.latentSize())));
			if (this.conditions != null) {
				g.setBuffer("g.vbn.reference_conditions",
						m.create(this.conditions.encode(train, positions, null), new Shape(r, this.conditions.size())));
			}
		}
		if (this.spec.discriminatorNorm() == GanSpec.Norm.VIRTUAL_BATCH) {
			Net d = this.players.discriminator.net;
			NDManager m = this.session.manager();
			try (NDManager scratch = m.newSubManager()) {
				d.setBuffer("d.vbn.reference", toModelScale(train.batch(scratch, positions)));
				if (this.conditions != null) {
					d.setBuffer("d.vbn.reference_conditions", scratch
						.create(this.conditions.encode(train, positions, null), new Shape(r, this.conditions.size())));
				}
			}
		}
	}

	static int[] firstOf(int[] values, int n) {
		int[] out = new int[Math.min(n, values.length)];
		System.arraycopy(values, 0, out, 0, out.length);
		return out;
	}

	/** Images [0, 1] → [−1, 1] (G's tanh range); points unchanged. */
	NDArray toModelScale(NDArray batch) {
		return this.players.points ? batch : batch.mul(2).sub(1);
	}

	private boolean swapping(long step) {
		GanSpec.Swap swap = this.spec.checkpointSwap();
		if (swap == null || step <= swap.every()) {
			return false;
		}
		return (step - 1) % swap.every() >= swap.every() - swap.iterations();
	}

	@Override
	public Map<String, Double> step(long step) {
		boolean swapped = swapping(step);
		Players opponent = swapped ? this.snapshot : this.players;
		NDManager manager = this.session.manager().newSubManager();
		try (manager) {
			Map<String, Double> metrics = new LinkedHashMap<>();
			this.guard.startStep();
			int dSteps = this.spec.discriminatorSteps();
			double dLoss = 0;
			double dReal = 0;
			double dFake = 0;
			double dNorm = 0;
			double dPenalty = 0;
			double dClass = 0;
			for (int i = 0; i < dSteps; i++) {
				double[] d = discriminatorStep(step, i, opponent.generator, manager);
				dLoss += d[0] / dSteps;
				dReal += d[1] / dSteps;
				dFake += d[2] / dSteps;
				dNorm += d[3] / dSteps;
				dPenalty += d[4] / dSteps;
				dClass += d[5] / dSteps;
			}
			double[] g = generatorStep(step, opponent.discriminator, manager);
			refreshSnapshot(step);
			double classLosses = this.spec.auxiliaryClassifier() != null
					? this.spec.auxiliaryClassifier() * (dClass + g[2]) : 0;
			metrics.put("loss", this.guard.endStep(dLoss + g[0] + classLosses));
			metrics.put("d_loss", dLoss);
			metrics.put("g_loss", g[0]);
			metrics.put("d_real", dReal);
			metrics.put("d_fake", dFake);
			metrics.put("d_grad_norm", dNorm);
			metrics.put("g_grad_norm", g[1]);
			if (this.inputGradients != null) {
				metrics.put("d_penalty", dPenalty);
			}
			if (this.spec.auxiliaryClassifier() != null) {
				metrics.put("d_class_loss", dClass);
				metrics.put("g_class_loss", g[2]);
			}
			metrics.put("skipped_updates", (double) this.guard.skipped());
			metrics.put("lr_g", this.generatorUpdater.learningRate(step));
			metrics.put("lr_d", this.discriminatorUpdater.learningRate(step));
			if (this.spec.checkpointSwap() != null) {
				metrics.put("swapped", swapped ? 1.0 : 0.0);
			}
			return metrics;
		}
	}

	/** The batch of D update i of a step: the step's batch, then random extra batches. */
	private int[] batch(long step, int i) {
		if (i == 0) {
			return this.session.data().batchPositions(step);
		}
		SplittableRandom random = this.session.rng().at(step, "gan/extra-batch/" + i);
		int n = this.session.data().train().count();
		int[] out = new int[this.session.data().batchSize()];
		for (int k = 0; k < out.length; k++) {
			out[k] = random.nextInt(n);
		}
		return out;
	}

	private NDArray conditionsOf(NDManager manager, int[] positions, long step, String stream) {
		if (this.conditions == null) {
			return null;
		}
		float[] encoded = this.conditions.encode(this.session.data().train(), positions,
				this.session.rng().at(step, stream));
		return manager.create(encoded, new Shape(positions.length, this.conditions.size()));
	}

	private NDArray latents(NDManager manager, long step, String stream, int count) {
		int z = this.spec.latentSize();
		return manager.create(this.session.rng().gaussian(step, stream, count * z, 1f), new Shape(count, z));
	}

	/**
	 * One D update; returns {loss, mean D(x), mean D(G(z)), gradient norm, gradient
	 * penalty, auxiliary classifier loss}. For wasserstein-gp the loss includes the
	 * penalty. The auxiliary classifier (AC-GAN) learns the labels of the real batch
	 * only: fakes early in training carry their labels badly, and a head fitted to them
	 * would learn G's mistakes.
	 */
	double[] discriminatorStep(long step, int i, Generator opponentG, NDManager manager) {
		Net d = this.players.discriminator.net;
		d.zeroGradients();
		int[] positions = batch(step, i);
		int b = positions.length;
		NDArray real = toModelScale(this.session.data().train().batch(manager, positions));
		NDArray realConditions = conditionsOf(manager, positions, step, "gan/d-conditions/" + i);
		NDArray fakeConditions = realConditions;
		NDArray fake;
		{
			NDArray z = latents(manager, step, "gan/d-latents/" + i, b);
			// G runs in training mode, as in the D step of Radford et al.'s code; its
			// output is cut from the graph so that no gradient reaches G
			fake = this.players.generate(opponentG, z, fakeConditions, true).stopGradient();
		}
		if (this.replay != null) {
			float[] fakes = fake.toFloatArray();
			float[] fc = fakeConditions != null ? fakeConditions.toFloatArray() : new float[0];
			if (this.replay.filled() > 0) {
				int rows = (int) Math.round(this.spec.replay().fraction() * b);
				float[] fresh = fakes.clone();
				float[] freshConditions = fc.clone();
				this.replay.replaceInto(fakes, fc, rows, this.session.rng().at(step, "gan/replay/" + i));
				this.replay.add(fresh, freshConditions, b);
				fake = manager.create(fakes, fake.getShape());
				if (fakeConditions != null) {
					fakeConditions = manager.create(fc, fakeConditions.getShape());
				}
			}
			else {
				this.replay.add(fakes, fc, b);
			}
		}
		float realTarget = this.spec.labelSmoothing() != null ? this.spec.labelSmoothing().floatValue() : 1f;
		double[] out = new double[6];
		try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
			NDArray realOut;
			NDArray fakeOut;
			NDArray realClasses; // [B, labels] with an auxiliary classifier, else null
			if (this.spec.separateBatches()) {
				Pass realPass = this.players.discriminate(real, realConditions, true);
				realOut = Players.output(realPass); // [B, 1]
				realClasses = realPass.classLogits;
				fakeOut = Players.output(this.players.discriminate(fake, fakeConditions, true)); // [B,
																									// 1]
			}
			else {
				NDArray both = NDArrays.concat(new NDList(real, fake), 0); // [2B, ...]
				NDArray bothConditions = realConditions == null ? null
						: NDArrays.concat(new NDList(realConditions, fakeConditions), 0);
				Pass bothPass = this.players.discriminate(both, bothConditions, true);
				NDArray o = Players.output(bothPass); // [2B, 1]
				realOut = o.get("0:" + b);
				fakeOut = o.get(b + ":");
				realClasses = bothPass.classLogits == null ? null : bothPass.classLogits.get("0:" + b);
			}
			NDArray loss = this.spec.loss().wasserstein() ? GanLosses.critic(realOut, fakeOut)
					: GanLosses.discriminator(realOut, fakeOut, realTarget);
			if (this.inputGradients != null) {
				NDArray penalty = gradientPenalty(step, i, real, fake, realConditions, manager);
				out[4] = penalty.getFloat();
				loss = loss.add(penalty);
			}
			NDArray objective = loss;
			if (realClasses != null) {
				NDArray classLoss = GanLosses.auxiliaryClassifier(realClasses, realConditions);
				out[5] = classLoss.getFloat();
				objective = objective.add(classLoss.mul(this.spec.auxiliaryClassifier().floatValue()));
			}
			if (this.discriminatorHistory != null) {
				objective = objective.add(this.discriminatorHistory.penalty());
			}
			collector.backward(objective);
			out[0] = loss.getFloat();
			boolean scores = this.spec.loss().wasserstein();
			out[1] = (scores ? realOut : realOut.getNDArrayInternal().sigmoid()).mean().getFloat();
			out[2] = (scores ? fakeOut : fakeOut.getNDArrayInternal().sigmoid()).mean().getFloat();
		}
		out[3] = d.gradientNorm();
		if (this.guard.allows(out[0], out[5], out[3])) {
			this.discriminatorUpdater.step((step - 1) * this.spec.discriminatorSteps() + i + 1);
			if (this.spec.loss() == GanLoss.WASSERSTEIN) {
				d.clipWeights(this.spec.clip().floatValue());
			}
			if (this.discriminatorHistory != null) {
				this.discriminatorHistory.update();
			}
		}
		return out;
	}

	/**
	 * The WGAN-GP penalty (Gulrajani et al. 2017, Algorithm 1) of D update i, inside the
	 * update's gradient collector: x̂ = εx + (1 − ε)x̃ with ε ~ U[0, 1] per example from
	 * the job's streams, C(x̂) in a pass of its own (the critic has no batch norm, so
	 * each score depends on its own example only and ∇ of the summed scores holds each
	 * example's gradient), ∇ₓ̂ C(x̂) with its graph, then λ·mean (‖∇‖ − 1)². A
	 * conditional critic sees the real rows' conditions, which are the fakes' conditions
	 * too (under experience replay, replayed rows keep their own: the line between a real
	 * example and a replayed fake of another class is still a line in x at the real
	 * condition).
	 */
	NDArray gradientPenalty(long step, int i, NDArray real, NDArray fake, NDArray conditions, NDManager manager) {
		int b = (int) real.getShape().get(0);
		float[] eps = new float[b];
		SplittableRandom random = this.session.rng().at(step, "gan/gp-epsilon/" + i);
		for (int k = 0; k < b; k++) {
			eps[k] = (float) random.nextDouble();
		}
		long[] broadcast = new long[real.getShape().dimension()];
		java.util.Arrays.fill(broadcast, 1);
		broadcast[0] = b;
		NDArray e = manager.create(eps, new Shape(broadcast)); // [B, 1, ...]
		NDArray between = real.mul(e).add(fake.mul(e.neg().add(1f))).stopGradient(); // x̂
		between.setRequiresGradient(true);
		NDArray scores = Players.output(this.players.discriminate(between, conditions, true)); // [B,
																								// 1]
		NDArray gradient = this.inputGradients.of(scores, between); // [B, ...]
		return GanLosses.gradientPenalty(gradient, this.spec.gradientPenalty());
	}

	/**
	 * One G update; returns {loss, gradient norm, auxiliary classifier loss}. With an
	 * auxiliary classifier G also minimises the head's cross-entropy on its fakes against
	 * the labels it was asked for.
	 */
	double[] generatorStep(long step, Discriminator opponentD, NDManager manager) {
		Net g = this.players.generator.net;
		g.zeroGradients();
		int[] positions = this.session.data().batchPositions(step);
		int b = positions.length;
		NDArray c = conditionsOf(manager, positions, step, "gan/g-conditions");
		NDArray z = latents(manager, step, "gan/g-latents", b);
		double[] out = new double[3];
		try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
			NDArray fake = this.players.generate(z, c, true);
			Pass fakePass = this.players.discriminate(opponentD, fake, c, true);
			NDArray fakeOut = Players.output(fakePass);
			NDArray loss = switch (this.spec.loss()) {
				case MINIMAX -> GanLosses.minimax(fakeOut);
				case NON_SATURATING -> GanLosses.nonSaturating(fakeOut);
				case WASSERSTEIN, WASSERSTEIN_GP -> GanLosses.wassersteinGenerator(fakeOut);
				case FEATURE_MATCHING -> {
					NDArray real = toModelScale(this.session.data().train().batch(manager, positions));
					Pass realPass = this.players.discriminate(opponentD, real, c, true);
					int layer = featureLayer();
					yield GanLosses.featureMatching(realPass.features.get(layer).stopGradient(),
							fakePass.features.get(layer));
				}
			};
			NDArray objective = loss;
			if (fakePass.classLogits != null) {
				NDArray classLoss = GanLosses.auxiliaryClassifier(fakePass.classLogits, c);
				out[2] = classLoss.getFloat();
				objective = objective.add(classLoss.mul(this.spec.auxiliaryClassifier().floatValue()));
			}
			if (this.generatorHistory != null) {
				objective = objective.add(this.generatorHistory.penalty());
			}
			collector.backward(objective);
			out[0] = loss.getFloat();
		}
		out[1] = g.gradientNorm();
		if (this.guard.allows(out[0], out[2], out[1])) {
			this.generatorUpdater.step(step);
			if (this.generatorHistory != null) {
				this.generatorHistory.update();
			}
		}
		// the G step's backward left gradients on D (or its snapshot): clear them now
		opponentD.net.zeroGradients();
		return out;
	}

	int featureLayer() {
		int stages = Discriminator.hiddenStages(this.spec, this.players.height, this.players.width);
		return this.spec.featureLayer() != null ? this.spec.featureLayer() : stages - 1;
	}

	private void refreshSnapshot(long step) {
		GanSpec.Swap swap = this.spec.checkpointSwap();
		if (swap != null && step % swap.every() == 0) {
			this.snapshot.generator.net.copyFrom(this.players.generator.net);
			this.snapshot.discriminator.net.copyFrom(this.players.discriminator.net);
		}
	}

	Players players() {
		return this.players;
	}

	@Override
	public Map<String, Tensor> parameters() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		this.players.generator.net.arrays().forEach((name, array) -> out.put(name, NdTensors.toTensor(array)));
		this.players.discriminator.net.arrays().forEach((name, array) -> out.put(name, NdTensors.toTensor(array)));
		return out;
	}

	@Override
	public Map<String, Tensor> optimizerState() {
		Map<String, Tensor> out = new LinkedHashMap<>();
		out.putAll(this.generatorUpdater.state("generator."));
		out.putAll(this.discriminatorUpdater.state("discriminator."));
		if (this.generatorHistory != null) {
			out.putAll(this.generatorHistory.state("history.generator."));
			out.putAll(this.discriminatorHistory.state("history.discriminator."));
		}
		if (this.replay != null) {
			out.putAll(this.replay.state("replay."));
		}
		if (this.snapshot != null) {
			this.snapshot.generator.net.arrays().forEach((n, a) -> out.put("swap." + n, NdTensors.toTensor(a)));
			this.snapshot.discriminator.net.arrays().forEach((n, a) -> out.put("swap." + n, NdTensors.toTensor(a)));
		}
		return out;
	}

	@Override
	public Map<String, Double> evaluate() {
		return this.monitor.evaluate();
	}

	@Override
	public byte[] sampleGrid() {
		return this.monitor.sampleGrid();
	}

	@Override
	public void close() {
		// arrays belong to the session's manager, which the worker closes
		if (this.inputGradients != null) {
			this.inputGradients.close();
		}
	}

}
