package dev.latentforge.models.gan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Rng;
import dev.latentforge.images.Grid;
import dev.latentforge.images.Scatter;
import dev.latentforge.models.Examples;
import dev.latentforge.models.TrainingSession;

/**
 * What a GAN run shows at each checkpoint, always from the same fixed noise bank (drawn
 * from a stream keyed by the job's seed, so jobs with one seed and one latent size share
 * it) and fixed conditions (row r asks for label r mod K):
 * <ul>
 * <li>a sample grid of the bank (8 columns), or for points a scatter of generated (class
 * 0) over held-out points (class 1);</li>
 * <li>{@code diversity}: the mean pairwise L2 distance between the bank's samples,
 * divided by that of as many held-out examples; a falling ratio near 0 is the signature
 * of mode collapse;</li>
 * <li>{@code fd_diag}: the Fréchet distance between Gaussians with diagonal covariances
 * fitted to held-out examples and to as many samples, in the data's own space (values in
 * [0, 1]): a cheap distribution distance that picks the best checkpoint (lower is
 * better). The evaluator's feature-space Fréchet distance is the real measure.</li>
 * <li>for labelled points (ring-8): {@code modes_covered} (a mode counts when at least 1%
 * of the samples lie within 3σ of its centre, centre and σ measured on the held-out
 * points of its class) and {@code high_quality_fraction} (samples within 3σ of any
 * centre).</li>
 * </ul>
 */
final class Monitor {

	static final int BANK = 64;

	static final int COLUMNS = 8;

	static final int SAMPLES = 2500;

	private final Players players;

	private final Conditions conditions;

	private final TrainingSession session;

	private final float[] bank;

	private final float[] bankConditions;

	Monitor(Players players, Conditions conditions, TrainingSession session) {
		this.players = players;
		this.conditions = conditions;
		this.session = session;
		int z = players.spec.latentSize();
		this.bank = new Rng(session.rng().seed()).gaussian(0, "gan/fixed-bank", BANK * z, 1f);
		this.bankConditions = conditions != null ? conditions.bank(BANK, COLUMNS) : null;
	}

	/** Samples in the data's units ([0, 1] images, raw points), row after row. */
	float[] sample(NDManager manager, float[] latents, float[] conditionRows, int count) {
		float[][] out = new float[1][];
		GradMode.off(() -> {
			try (NDManager scratch = manager.newSubManager()) {
				NDArray z = scratch.create(latents, new Shape(count, this.players.spec.latentSize()));
				NDArray c = conditionRows != null
						? scratch.create(conditionRows, new Shape(count, this.players.conditionSize)) : null;
				NDArray x = this.players.generate(z, c, false);
				out[0] = (this.players.points ? x : x.add(1).div(2)).toFloatArray();
			}
		});
		return out[0];
	}

	byte[] sampleGrid() {
		NDManager manager = this.session.manager();
		if (this.players.points) {
			float[] generated = sample(manager, latents(SAMPLES), randomConditions(SAMPLES), SAMPLES);
			Examples validation = this.session.data().validation();
			float[] real = validation.values(range(validation.count()));
			int n = generated.length / 2 + real.length / 2;
			float[] xs = new float[n];
			float[] ys = new float[n];
			int[] labels = new int[n];
			int k = 0;
			for (int i = 0; i < real.length / 2; i++, k++) {
				xs[k] = real[2 * i];
				ys[k] = real[2 * i + 1];
				labels[k] = 1;
			}
			for (int i = 0; i < generated.length / 2; i++, k++) {
				xs[k] = generated[2 * i];
				ys[k] = generated[2 * i + 1];
			}
			return Scatter.png(xs, ys, labels, 512);
		}
		float[] samples = sample(manager, this.bank, this.bankConditions, BANK);
		int size = this.players.channels * this.players.height * this.players.width;
		List<float[]> tiles = new ArrayList<>();
		for (int i = 0; i < BANK; i++) {
			tiles.add(Arrays.copyOfRange(samples, i * size, (i + 1) * size));
		}
		return Grid.png(tiles, this.players.channels, this.players.height, this.players.width, COLUMNS);
	}

	private float[] latents(int count) {
		return new Rng(this.session.rng().seed()).gaussian(1, "gan/evaluation", count * this.players.spec.latentSize(),
				1f);
	}

	/** Conditions of held-out examples (cycled), so samples follow the data's mix. */
	private float[] randomConditions(int count) {
		if (this.conditions == null) {
			return null;
		}
		Examples validation = this.session.data().validation();
		int[] positions = new int[count];
		for (int i = 0; i < count; i++) {
			positions[i] = i % validation.count();
		}
		return this.conditions.encode(validation, positions, null);
	}

	Map<String, Double> evaluate() {
		Map<String, Double> metrics = new LinkedHashMap<>();
		Examples validation = this.session.data().validation();
		int n = Math.min(validation.count(), this.players.points ? SAMPLES : 1000);
		int size = validation.info().exampleSize();
		float[] real = validation.values(range(n));
		float[] conditionRows = this.conditions == null ? null : this.conditions.encode(validation, range(n), null);
		float[] generated = sample(this.session.manager(), latents(n), conditionRows, n);
		metrics.put("fd_diag", Statistics.diagonalFrechet(real, generated, size));
		float[] bankSamples = sample(this.session.manager(), this.bank, this.bankConditions, BANK);
		double realSpread = Statistics.meanPairwiseDistance(Arrays.copyOf(real, Math.min(BANK, n) * size), size);
		metrics.put("diversity", Statistics.meanPairwiseDistance(bankSamples, size) / Math.max(1e-12, realSpread));
		if (this.players.points && validation.info().labelled()) {
			Statistics.Modes modes = Statistics.modes(real, validation.labels(range(n)),
					validation.info().classes().size(), generated, size);
			metrics.put("modes_covered", (double) modes.covered());
			metrics.put("high_quality_fraction", modes.highQualityFraction());
		}
		return metrics;
	}

	static int[] range(int n) {
		int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			out[i] = i;
		}
		return out;
	}

}
