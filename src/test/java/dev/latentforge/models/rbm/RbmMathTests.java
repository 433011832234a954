package dev.latentforge.models.rbm;

import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.engine.Rng;
import dev.latentforge.engine.Updater;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.ScheduleSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The RBM's mathematics against hand and brute-force computations: one CD-1 update, exact
 * log Z in both enumeration directions, AIS against exact log Z, pseudo-log-likelihood.
 */
class RbmMathTests {

	static NDManager manager;

	static {
		// small tensors: one intra-op thread avoids thread-pool hand-offs that cost more
		// than
		// the arithmetic (takes effect when this class loads the engine first)
		System.setProperty("ai.djl.pytorch.num_threads", "1");
		System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
	}

	static int threads;

	@BeforeAll
	static void engine() {
		manager = NDManager.newBaseManager();
		JniUtils.setGradMode(false);
		// also when another test loaded the engine first: AIS makes ~45 tiny ops per
		// temperature, and thread-pool hand-offs cost more than their arithmetic
		threads = JniUtils.getNumThreads();
		JniUtils.setNumThreads(1);
	}

	@AfterAll
	static void close() {
		JniUtils.setNumThreads(threads);
		manager.close();
	}

	static Rbm rbm(int visible, int hidden, float[] w, float[] b, float[] c) {
		Rbm rbm = new Rbm("layers.0.", Rbm.Visible.BERNOULLI, visible, hidden, manager);
		rbm.w().set(w);
		rbm.b().set(b);
		rbm.c().set(c);
		return rbm;
	}

	static double sigmoid(double x) {
		return 1 / (1 + Math.exp(-x));
	}

	/**
	 * The lecture's CD-1 on a 3×2 RBM: with v the data, h = p(h | v) (probabilities, as
	 * Hinton's guide), h⁰ ~ p(h | v) sampled, ṽ ~ p(v | h⁰) sampled and h̃ = p(h | ṽ): ΔW
	 * = η(v hᵀ − ṽ h̃ᵀ), Δb = η(v − ṽ), Δc = η(h − h̃). The draws are those of the job's
	 * streams, recomputed here.
	 */
	@Test
	void oneCd1UpdateEqualsTheLecturesFormulaByHand() {
		float[] w0 = { 0.5f, -0.3f, 0.2f, 0.8f, -0.6f, 0.1f }; // [3, 2]
		float[] b0 = { 0.1f, -0.2f, 0.3f };
		float[] c0 = { -0.1f, 0.2f };
		double[] v = { 1, 0, 1 };
		float lr = 0.1f;
		Rng rng = new Rng(42);
		long step = 7;
		Rbm rbm = rbm(3, 2, w0, b0, c0);
		Updater updater = new Updater(
				new OptimizerSpec(OptimizerSpec.Type.SGD, (double) lr, null, 0.0, 0.0, null, ScheduleSpec.constant()),
				1, rbm.parameters(), manager);
		NDArray data = manager.create(new float[] { 1, 0, 1 }, new Shape(1, 3));
		ContrastiveDivergence.Estimate estimate = ContrastiveDivergence.estimate(rbm, data, 1, null, 0.0,
				new Noise(rng, step, "cd/", manager));
		updater.step(1, estimate.gradients());

		// by hand, with the same uniform draws
		float[] uh = rng.uniform(step, "cd/h0", 2, 0f, 1f);
		float[] uv = rng.uniform(step, "cd/v1", 3, 0f, 1f);
		double[] h = new double[2];
		double[] h0 = new double[2];
		for (int j = 0; j < 2; j++) {
			h[j] = sigmoid(c0[j] + v[0] * w0[j] + v[1] * w0[2 + j] + v[2] * w0[4 + j]);
			h0[j] = uh[j] < (float) h[j] ? 1 : 0;
		}
		double[] vt = new double[3];
		for (int i = 0; i < 3; i++) {
			double p = sigmoid(b0[i] + w0[2 * i] * h0[0] + w0[2 * i + 1] * h0[1]);
			vt[i] = uv[i] < (float) p ? 1 : 0;
		}
		double[] ht = new double[2];
		for (int j = 0; j < 2; j++) {
			ht[j] = sigmoid(c0[j] + vt[0] * w0[j] + vt[1] * w0[2 + j] + vt[2] * w0[4 + j]);
		}
		float[] w = rbm.w().toFloatArray();
		float[] b = rbm.b().toFloatArray();
		float[] c = rbm.c().toFloatArray();
		double differenceFromSampledStatistics = 0;
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 2; j++) {
				double expected = w0[2 * i + j] + lr * (v[i] * h[j] - vt[i] * ht[j]);
				assertThat((double) w[2 * i + j]).as("W[%d][%d]", i, j).isCloseTo(expected, within(1e-6));
				differenceFromSampledStatistics += Math
					.abs(w[2 * i + j] - (w0[2 * i + j] + lr * (v[i] * h0[j] - vt[i] * ht[j])));
			}
			assertThat((double) b[i]).isCloseTo(b0[i] + lr * (v[i] - vt[i]), within(1e-6));
		}
		for (int j = 0; j < 2; j++) {
			assertThat((double) c[j]).isCloseTo(c0[j] + lr * (h[j] - ht[j]), within(1e-6));
		}
		// the positive statistics use probabilities: sampled states would give another
		// update
		assertThat(differenceFromSampledStatistics).isGreaterThan(1e-3);
		double error = 0;
		for (int i = 0; i < 3; i++) {
			double mean = sigmoid(b0[i] + w0[2 * i] * h0[0] + w0[2 * i + 1] * h0[1]);
			error += (v[i] - mean) * (v[i] - mean);
		}
		assertThat(estimate.reconstructionError()).isCloseTo(error, within(1e-5));
	}

	static float[] gaussian(SplittableRandom random, int n, double std) {
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			out[i] = (float) (random.nextGaussian() * std);
		}
		return out;
	}

	@Test
	void exactLogZEnumeratesEitherLayer() {
		SplittableRandom random = new SplittableRandom(3);
		for (int[] size : new int[][] { { 6, 4 }, { 4, 7 } }) {
			int v = size[0];
			int h = size[1];
			float[] w = gaussian(random, v * h, 1.5);
			float[] b = gaussian(random, v, 1);
			float[] c = gaussian(random, h, 1);
			double expected = ExactRbm.logZ(ExactRbm.matrix(w, v, h), ExactRbm.floats(b), ExactRbm.floats(c));
			double actual = PartitionFunction.exact(rbm(v, h, w, b, c), manager).logZ();
			assertThat(actual).as("%dx%d", v, h).isCloseTo(expected, within(1e-6));
		}
	}

	/** Z of a Gaussian–Bernoulli RBM with one visible unit, by numerical integration. */
	@Test
	void exactLogZOfGaussianVisibleUnits() {
		float[] w = { 1.2f, -0.7f };
		float[] b = { 0.3f };
		float[] c = { 0.5f, -0.4f };
		Rbm rbm = new Rbm("layers.0.", Rbm.Visible.GAUSSIAN, 1, 2, manager);
		rbm.w().set(w);
		rbm.b().set(b);
		rbm.c().set(c);
		double z = 0;
		double dv = 1e-3;
		for (double x = -20; x <= 20; x += dv) {
			for (int config = 0; config < 4; config++) {
				double h0 = config & 1;
				double h1 = (config >> 1) & 1;
				double energy = 0.5 * (x - b[0]) * (x - b[0]) - c[0] * h0 - c[1] * h1 - x * (w[0] * h0 + w[1] * h1);
				z += Math.exp(-energy) * dv;
			}
		}
		assertThat(PartitionFunction.exact(rbm, manager).logZ()).isCloseTo(Math.log(z), within(1e-5));
	}

	/**
	 * AIS with 100 runs and Salakhutdinov &amp; Murray's 14,500 temperatures against the
	 * exact log Z of a 16×12 RBM with weights N(0, 2²): large weights make a multimodal
	 * model, so a wrong AIS misses by nats.
	 */
	@Test
	void aisAgreesWithExactLogZWithinATenthOfANat() {
		SplittableRandom random = new SplittableRandom(11);
		float[] w = gaussian(random, 16 * 12, 2.0);
		float[] b = gaussian(random, 16, 1);
		float[] c = gaussian(random, 12, 1);
		Rbm rbm = rbm(16, 12, w, b, c);
		double exact = ExactRbm.logZ(ExactRbm.matrix(w, 16, 12), ExactRbm.floats(b), ExactRbm.floats(c));
		assertThat(PartitionFunction.exact(rbm, manager).logZ()).isCloseTo(exact, within(1e-6));
		long started = System.nanoTime();
		PartitionFunction.Estimate ais = PartitionFunction.ais(rbm, new float[16], 100, 14_500, new Rng(5), 0, manager,
				null);
		System.out.printf(
				"16x12 RBM, W ~ N(0, 2^2): exact log Z %.4f, AIS %.4f [%.4f, %.4f] (100 runs, %d "
						+ "temperatures, %.1f s)%n",
				exact, ais.logZ(), ais.lower(), ais.upper(), ais.temperatures(), (System.nanoTime() - started) / 1e9);
		assertThat(ais.temperatures()).isEqualTo(14_500);
		assertThat(ais.logZ()).isCloseTo(exact, within(0.1));
		assertThat(ais.upper()).isGreaterThanOrEqualTo(ais.logZ());
	}

	@Test
	void scheduleFollowsSalakhutdinovAndMurray() {
		double[] betas = PartitionFunction.schedule(14_500);
		assertThat(betas).hasSize(14_501);
		assertThat(betas[0]).isZero();
		assertThat(betas[500]).isCloseTo(0.5, within(1e-12));
		assertThat(betas[4_500]).isCloseTo(0.9, within(1e-12));
		assertThat(betas[14_500]).isEqualTo(1.0);
		for (int k = 1; k < betas.length; k++) {
			assertThat(betas[k]).isGreaterThan(betas[k - 1]);
		}
	}

	@Test
	void pseudoLogLikelihoodFlipsEveryPixel() {
		SplittableRandom random = new SplittableRandom(5);
		float[] w = gaussian(random, 5 * 3, 1);
		float[] b = gaussian(random, 5, 1);
		float[] c = gaussian(random, 3, 1);
		Rbm rbm = rbm(5, 3, w, b, c);
		double[][] wm = ExactRbm.matrix(w, 5, 3);
		float[] rows = { 1, 0, 1, 1, 0, 0, 0, 1, 0, 1 };
		double expected = 0;
		for (int r = 0; r < 2; r++) {
			double[] v = ExactRbm.floats(java.util.Arrays.copyOfRange(rows, r * 5, r * 5 + 5));
			double f = ExactRbm.freeEnergy(wm, ExactRbm.floats(b), ExactRbm.floats(c), v);
			for (int i = 0; i < 5; i++) {
				double[] flipped = v.clone();
				flipped[i] = 1 - flipped[i];
				double g = ExactRbm.freeEnergy(wm, ExactRbm.floats(b), ExactRbm.floats(c), flipped);
				expected += Math.log(sigmoid(g - f));
			}
		}
		double actual = RbmMetrics.pseudoLogLikelihood(rbm, manager.create(rows, new Shape(2, 5)));
		assertThat(actual).isCloseTo(expected / 2, within(1e-4));
		assertThat(Map.of()).isEmpty();
	}

	/**
	 * The hand-written backpropagation of the DBN classifier against finite differences.
	 */
	@Test
	void classifierGradientsMatchFiniteDifferences() {
		StackConfig config = StackConfig
			.of(new DbnSpec(java.util.List.of(4, 3), null, null, null, null, 1.0, null, null, null, 10L, null));
		RbmStack stack = new RbmStack(config, 5, manager);
		SplittableRandom random = new SplittableRandom(8);
		stack.layer(0).w().set(gaussian(random, 20, 1));
		stack.layer(0).c().set(gaussian(random, 4, 1));
		stack.layer(1).w().set(gaussian(random, 12, 1));
		stack.layer(1).c().set(gaussian(random, 3, 1));
		Classifier classifier = Classifier.from(stack, 2, new Rng(1), manager);
		classifier.parameters().get(Classifier.OUTPUT_WEIGHT).getArray().set(gaussian(random, 6, 1));
		NDArray x = manager.create(new float[] { 1, 0, 1, 0.5f, 0, 0, 1, 1, 0.2f, 1, 0.3f, 0.9f, 0, 1, 0 },
				new Shape(3, 5));
		int[] labels = { 0, 1, 1 };
		Map<String, NDArray> gradients = new java.util.LinkedHashMap<>();
		classifier.lossAndGradients(x, labels, gradients);
		for (Map.Entry<String, ai.djl.nn.Parameter> entry : classifier.parameters().entrySet()) {
			NDArray array = entry.getValue().getArray();
			float[] values = array.toFloatArray();
			float[] analytic = gradients.get(entry.getKey()).toFloatArray();
			for (int i = 0; i < values.length; i++) {
				float[] plus = values.clone();
				plus[i] += 1e-2f;
				array.set(plus);
				double up = classifier.lossAndGradients(x, labels, new java.util.LinkedHashMap<>());
				float[] minus = values.clone();
				minus[i] -= 1e-2f;
				array.set(minus);
				double down = classifier.lossAndGradients(x, labels, new java.util.LinkedHashMap<>());
				array.set(values);
				assertThat((double) analytic[i]).as("%s[%d]", entry.getKey(), i)
					.isCloseTo((up - down) / 2e-2, within(2e-3));
			}
		}
	}

}
