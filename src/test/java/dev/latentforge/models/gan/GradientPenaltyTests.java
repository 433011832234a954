package dev.latentforge.models.gan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.latentforge.engine.InputGradients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The WGAN-GP penalty λ·mean (‖∇ₓ C(x)‖₂ − 1)² on a tiny critic C(x) = vᵀ tanh(Wx + b) (x
 * ∈ ℝ², 3 hidden units) whose input gradient is known in closed form, ∇ₓ C = Wᵀ (v ⊙ (1 −
 * tanh²(Wx + b))): the penalty's value against that formula, and its gradient with
 * respect to W, b and v (a second-order gradient, through {@link InputGradients}) against
 * central finite differences of the formula in double precision.
 */
class GradientPenaltyTests {

	static final double[][] W = { { 0.8, -0.4 }, { 0.3, 1.1 }, { -0.6, 0.5 } };

	static final double[] B = { 0.1, -0.2, 0.05 };

	static final double[] V = { 1.2, -0.7, 0.9 };

	static final double[][] X = { { 0.5, -1.0 }, { -0.3, 0.4 }, { 1.5, 0.2 }, { 0.0, 0.0 } };

	static final double LAMBDA = 10;

	/** The penalty by the closed form, for parameters θ = (W row-major, b, v). */
	static double penalty(double[] theta) {
		double sum = 0;
		for (double[] x : X) {
			double[] g = new double[2];
			for (int j = 0; j < 3; j++) {
				double pre = theta[2 * j] * x[0] + theta[2 * j + 1] * x[1] + theta[6 + j];
				double t = Math.tanh(pre);
				double back = theta[9 + j] * (1 - t * t);
				g[0] += theta[2 * j] * back;
				g[1] += theta[2 * j + 1] * back;
			}
			double norm = Math.sqrt(g[0] * g[0] + g[1] * g[1]);
			sum += (norm - 1) * (norm - 1);
		}
		return LAMBDA * sum / X.length;
	}

	static double[] theta() {
		double[] theta = new double[12];
		for (int j = 0; j < 3; j++) {
			theta[2 * j] = W[j][0];
			theta[2 * j + 1] = W[j][1];
			theta[6 + j] = B[j];
			theta[9 + j] = V[j];
		}
		return theta;
	}

	static float[] floats(double[] values) {
		float[] out = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = (float) values[i];
		}
		return out;
	}

	@Test
	void penaltyAndItsParameterGradientMatchTheClosedFormAndFiniteDifferences() {
		double[] theta = theta();
		try (NDManager manager = NDManager.newBaseManager(); InputGradients gradients = new InputGradients(manager)) {
			NDArray w = manager.create(floats(theta)).get("0:6").reshape(3, 2).duplicate();
			NDArray b = manager.create(floats(theta)).get("6:9").duplicate();
			NDArray v = manager.create(floats(theta)).get("9:12").reshape(3, 1).duplicate();
			w.setRequiresGradient(true);
			b.setRequiresGradient(true);
			v.setRequiresGradient(true);
			double[] flat = new double[X.length * 2];
			for (int i = 0; i < X.length; i++) {
				flat[2 * i] = X[i][0];
				flat[2 * i + 1] = X[i][1];
			}
			NDArray x = manager.create(floats(flat)).reshape(X.length, 2);
			x.setRequiresGradient(true);
			float value;
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				NDArray scores = x.matMul(w.transpose()).add(b).tanh().matMul(v); // [4,
																					// 1]
				NDArray penalty = GanLosses.gradientPenalty(gradients.of(scores, x), LAMBDA);
				collector.backward(penalty);
				value = penalty.getFloat();
			}
			assertThat((double) value).isCloseTo(penalty(theta), within(1e-4));
			float[] grad = new float[12];
			System.arraycopy(w.getGradient().toFloatArray(), 0, grad, 0, 6);
			System.arraycopy(b.getGradient().toFloatArray(), 0, grad, 6, 3);
			System.arraycopy(v.getGradient().toFloatArray(), 0, grad, 9, 3);
			double h = 1e-6;
			for (int k = 0; k < 12; k++) {
				double[] plus = theta.clone();
				double[] minus = theta.clone();
				plus[k] += h;
				minus[k] -= h;
				double numeric = (penalty(plus) - penalty(minus)) / (2 * h);
				assertThat((double) grad[k]).as("∂penalty/∂θ[%d]", k).isCloseTo(numeric, within(1e-3));
				// the second-order term is not negligible: a gradient that ignored it
				// would be far off for W and v
			}
			System.out.printf("penalty %.6f (closed form %.6f); ∂/∂θ %s%n", value, penalty(theta),
					java.util.Arrays.toString(grad));
		}
	}

	/** Penalties per route in the memory comparison. */
	private static final int PENALTIES = 1000;

	/**
	 * Memory per step: the trainer's wasserstein-gp step (5 critic updates with the
	 * penalty and one generator update) on ring-8, each step in its own scope as in the
	 * worker; the resident set size less the Java heap after a warm-up of 100 steps and
	 * after 400 more must not grow by more than 32 MB (80 kB per step, 16 kB per penalty;
	 * noise of ±30 MB was seen when a Spring context shares the JVM). Then a bigger
	 * hand-written critic, 1,000 penalties through each route: {@link InputGradients}
	 * must stay under 64 MB (64 kB per penalty), and the leaking route (DJL's
	 * {@code backward(createGraph=true)}, about 0.5 MB per penalty) must grow by 128 MB
	 * more, the control that the measurement can see a leak. The count is that large
	 * because in the whole suite's JVM, memory that earlier tests freed is reused before
	 * the resident set grows: 300 penalties of the leaking route once showed only 38 MB.
	 */
	@Test
	void theTrainersPenaltyStepDoesNotGrowMemory(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
		GanTesting.oneThread();
		Path data = GanTesting.write(new dev.latentforge.datasets.builtin.Ring8(), dir.resolve("ring-8"));
		int warmUp = 100;
		int steps = 400;
		try (NDManager manager = NDManager.newBaseManager()) {
			dev.latentforge.models.TrainingSession session = GanTesting.session(data, null,
					GanTesting.spec("\"loss\":\"wasserstein-gp\""), 64, warmUp + steps, 1, manager);
			GanTrainer trainer = new GanTrainer(session);
			trainer.initialise(java.util.Optional.empty());
			long before = 0;
			java.util.Map<String, Double> last = null;
			for (int step = 1; step <= warmUp + steps; step++) {
				try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
					last = trainer.step(step);
				}
				if (step == warmUp) {
					System.gc();
					before = rssKb();
				}
			}
			System.gc();
			long growth = rssKb() - before;
			trainer.close();
			long ours = routeGrowthKb(false, PENALTIES);
			long control = routeGrowthKb(true, PENALTIES);
			System.out.printf(
					"wasserstein-gp trainer: RSS growth %d kB over %d steps (%.2f kB/step); same critic, " + PENALTIES
							+ " penalties: InputGradients %d kB, backward(createGraph=true) %d kB; last %s%n",
					growth, steps, growth / (double) steps, ours, control, last);
			assertThat(last.get("d_penalty")).isFinite();
			assertThat(growth).isLessThan(32 * 1024);
			assertThat(ours).isLessThan(64 * 1024);
			// the control shows the measurement sees a leak of this size
			assertThat(control).isGreaterThan(Math.max(ours, 0) + 128 * 1024);
		}
	}

	/**
	 * RSS growth in kB over n penalty backward passes (after 20 warm-up ones) on a critic
	 * 2 → 256 → 256 → 1 (tanh) at batch 64, with ∇ₓ from {@link InputGradients} or, for
	 * contrast, from the route the DJL notes warn about,
	 * {@code JniUtils.backward(createGraph=true)}, whose graph-carrying {@code .grad} on
	 * each weight is never released.
	 */
	static long routeGrowthKb(boolean leaking, int n) throws IOException {
		try (NDManager manager = NDManager.newBaseManager(); InputGradients gradients = new InputGradients(manager)) {
			NDArray w1 = manager.randomNormal(new ai.djl.ndarray.types.Shape(2, 256)).mul(0.5f);
			NDArray w2 = manager.randomNormal(new ai.djl.ndarray.types.Shape(256, 256)).mul(0.06f);
			NDArray w3 = manager.randomNormal(new ai.djl.ndarray.types.Shape(256, 1)).mul(0.06f);
			for (NDArray p : new NDArray[] { w1, w2, w3 }) {
				p.setRequiresGradient(true);
			}
			long before = 0;
			for (int i = -20; i < n; i++) {
				if (i == 0) {
					System.gc();
					before = rssKb();
				}
				try (NDManager step = manager.newSubManager()) {
					NDArray x = step.randomNormal(new ai.djl.ndarray.types.Shape(64, 2));
					x.setRequiresGradient(true);
					try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
						NDArray scores = x.matMul(w1).tanh().matMul(w2).tanh().matMul(w3); // [64,
																							// 1]
						NDArray inputGradient;
						if (leaking) {
							ai.djl.pytorch.jni.JniUtils.backward((ai.djl.pytorch.engine.PtNDArray) scores.sum(),
									(ai.djl.pytorch.engine.PtNDArray) step.ones(new ai.djl.ndarray.types.Shape()), true,
									true);
							inputGradient = x.getGradient();
						}
						else {
							inputGradient = gradients.of(scores, x);
						}
						collector.backward(GanLosses.gradientPenalty(inputGradient, LAMBDA));
					}
					for (NDArray p : new NDArray[] { w1, w2, w3 }) {
						ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
					}
				}
			}
			System.gc();
			return rssKb() - before;
		}
	}

	/**
	 * The resident set size of this process in kB (Linux) less the committed Java heap,
	 * so that the heap growing (other tests' Spring contexts share this JVM) is not
	 * counted as native growth.
	 */
	static long rssKb() throws IOException {
		return vmRssKb() - Runtime.getRuntime().totalMemory() / 1024;
	}

	static long vmRssKb() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("no VmRSS");
	}

}
