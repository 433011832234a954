package dev.latentforge.models.gan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.latentforge.engine.InputGradients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

	/** Trainer steps measured after the warm-up. */
	private static final int STEPS = 400;

	/**
	 * Memory per step, each workload in a child JVM of its own
	 * ({@link PenaltyMemoryProbe}: fixed, pre-touched heap, so the resident set size
	 * moves only with native memory; measured in this JVM, the heap's resizing and other
	 * tests' freed memory moved it by −685 to +88 MB). After a warm-up of 100 steps or
	 * penalties:
	 * <ul>
	 * <li>the trainer's wasserstein-gp step (5 critic updates with the penalty and one
	 * generator update) on ring-8, 400 steps: the resident set must not grow by more than
	 * 32 MB (80 kB per step, 16 kB per penalty);</li>
	 * <li>a bigger hand-written critic, 1,000 penalties through each route:
	 * {@link InputGradients} must stay under 64 MB (64 kB per penalty), and the leaking
	 * route (DJL's {@code backward(createGraph=true)}, about 0.5 MB per penalty) must
	 * grow by 128 MB more and in every quarter of its run, the control that the
	 * measurement can see a leak.</li>
	 * </ul>
	 */
	@Test
	void theTrainersPenaltyStepDoesNotGrowMemory(@TempDir Path dir) throws Exception {
		ProbeRun trainer = probe("trainer", STEPS, dir);
		ProbeRun ours = probe("ours", PENALTIES, dir);
		ProbeRun control = probe("leaking", PENALTIES, dir);
		System.out.printf(
				"wasserstein-gp trainer: RSS growth %d kB over %d steps (%.2f kB/step, readings %s); same critic, "
						+ PENALTIES + " penalties: InputGradients %d kB (%s), backward(createGraph=true) %d kB (%s); "
						+ "last penalty %s%n",
				trainer.growthKb(), STEPS, trainer.growthKb() / (double) STEPS, trainer.readings, ours.growthKb(),
				ours.readings, control.growthKb(), control.readings, trainer.penalty);
		assertThat(trainer.penalty).as("the trainer's last penalty").isFinite();
		assertThat(trainer.growthKb()).as("trainer RSS growth (kB)").isLessThan(32 * 1024);
		assertThat(ours.growthKb()).as("InputGradients RSS growth (kB)").isLessThan(64 * 1024);
		// the control shows the measurement sees a leak of this size, all along
		assertThat(control.growthKb()).as("leaking route RSS growth (kB)")
			.isGreaterThan(Math.max(ours.growthKb(), 0) + 128 * 1024);
		for (int i = 1; i < control.readings.size(); i++) {
			assertThat(control.readings.get(i)).as("leaking route, reading %d of %s", i, control.readings)
				.isGreaterThan(control.readings.get(i - 1));
		}
	}

	/**
	 * A probe's output.
	 *
	 * @param readings resident set sizes (kB) after the warm-up and after each quarter
	 * @param penalty the trainer's last penalty, or NaN for the other probes
	 */
	record ProbeRun(List<Long> readings, double penalty) {

		long growthKb() {
			return this.readings.get(this.readings.size() - 1) - this.readings.get(0);
		}

	}

	/** Runs {@link PenaltyMemoryProbe} in a child JVM with a fixed, pre-touched heap. */
	static ProbeRun probe(String mode, int count, Path dir) throws Exception {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms192m",
				"-Xmx192m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-Dai.djl.offline=true", "-cp",
				System.getProperty("java.class.path"), PenaltyMemoryProbe.class.getName(), mode,
				Integer.toString(count), dir.toString());
		Path log = dir.resolve(mode + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new AssertionError(mode + " probe did not finish in 5 minutes: " + Files.readString(log));
		}
		List<String> lines = Files.readAllLines(log);
		assertThat(process.exitValue()).as("%s probe exit status; output:%n%s", mode, String.join("\n", lines))
			.isZero();
		List<Long> readings = PenaltyMemoryProbe.readings(lines);
		assertThat(readings).as("%s probe readings; output:%n%s", mode, String.join("\n", lines))
			.hasSize(PenaltyMemoryProbe.SPANS + 1);
		double penalty = lines.stream()
			.filter((l) -> l.startsWith("penalty "))
			.mapToDouble((l) -> Double.parseDouble(l.substring(8).trim()))
			.findFirst()
			.orElse(Double.NaN);
		return new ProbeRun(readings, penalty);
	}

}
