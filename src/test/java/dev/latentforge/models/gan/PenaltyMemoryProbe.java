package dev.latentforge.models.gan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.latentforge.datasets.builtin.Ring8;
import dev.latentforge.engine.InputGradients;
import dev.latentforge.models.TrainingSession;

/**
 * The child JVM of {@link GradientPenaltyTests}'s memory test: runs one workload and
 * prints the resident set size (kB) after its warm-up and at four more points, one per
 * line, as {@code rss <kB>}, then {@code penalty <value>}, the trainer's last penalty.
 * <p>
 * It runs alone in a JVM whose heap is fixed and touched at start ({@code -Xms} =
 * {@code -Xmx}, {@code -XX:+AlwaysPreTouch}), so the resident set changes only with
 * native memory: measured in the test JVM, the heap's resizing and other tests' freed
 * memory moved the figure by −685 to +88 MB.
 * <p>
 * Usage: {@code PenaltyMemoryProbe trainer|ours|leaking <count> <work dir>}.
 */
public final class PenaltyMemoryProbe {

	/** Steps or penalties before the first reading. */
	static final int WARM_UP = 100;

	/** Readings after the warm-up one: the count is split into this many spans. */
	static final int SPANS = 4;

	private PenaltyMemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int count = Integer.parseInt(args[1]);
		Path dir = Path.of(args[2]);
		Engine.getInstance();
		JniUtils.setNumThreads(1);
		if (mode.equals("trainer")) {
			trainer(count, dir);
		}
		else {
			penalties(mode.equals("leaking"), count);
		}
	}

	/**
	 * The trainer's wasserstein-gp step on ring-8 (5 critic updates with the penalty and
	 * one generator update), each step in its own scope as in the worker.
	 */
	static void trainer(int steps, Path dir) throws Exception {
		Path data = GanTesting.write(new Ring8(), dir.resolve("ring-8"));
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, null, GanTesting.spec("\"loss\":\"wasserstein-gp\""), 64,
					WARM_UP + steps, 1, manager);
			GanTrainer trainer = new GanTrainer(session);
			trainer.initialise(Optional.empty());
			Map<String, Double> last = null;
			for (int step = 1; step <= WARM_UP + steps; step++) {
				try (NDScope scope = new NDScope()) {
					last = trainer.step(step);
				}
				read(step - WARM_UP, steps);
			}
			trainer.close();
			System.out.println("penalty " + last.get("d_penalty"));
		}
	}

	/**
	 * Penalty backward passes on a critic 2 → 256 → 256 → 1 (tanh) at batch 64, with ∇ₓ
	 * from {@link InputGradients} or, for contrast, from the route the DJL notes warn
	 * about, {@code JniUtils.backward(createGraph=true)}, whose graph-carrying
	 * {@code .grad} on each weight is never released.
	 */
	static void penalties(boolean leaking, int n) throws IOException {
		try (NDManager manager = NDManager.newBaseManager(); InputGradients gradients = new InputGradients(manager)) {
			NDArray w1 = manager.randomNormal(new Shape(2, 256)).mul(0.5f);
			NDArray w2 = manager.randomNormal(new Shape(256, 256)).mul(0.06f);
			NDArray w3 = manager.randomNormal(new Shape(256, 1)).mul(0.06f);
			for (NDArray p : new NDArray[] { w1, w2, w3 }) {
				p.setRequiresGradient(true);
			}
			for (int i = 1; i <= WARM_UP + n; i++) {
				try (NDManager step = manager.newSubManager()) {
					NDArray x = step.randomNormal(new Shape(64, 2));
					x.setRequiresGradient(true);
					try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
						NDArray scores = x.matMul(w1).tanh().matMul(w2).tanh().matMul(w3); // [64,
																							// 1]
						NDArray inputGradient;
						if (leaking) {
							JniUtils.backward((PtNDArray) scores.sum(), (PtNDArray) step.ones(new Shape()), true, true);
							inputGradient = x.getGradient();
						}
						else {
							inputGradient = gradients.of(scores, x);
						}
						collector.backward(GanLosses.gradientPenalty(inputGradient, GradientPenaltyTests.LAMBDA));
					}
					for (NDArray p : new NDArray[] { w1, w2, w3 }) {
						JniUtils.zeroGrad((PtNDArray) p);
					}
				}
				read(i - WARM_UP, n);
			}
		}
	}

	/** Prints the resident set size at the end of the warm-up and of every span. */
	private static void read(int done, int count) throws IOException {
		if (done >= 0 && done % (count / SPANS) == 0) {
			System.gc();
			System.out.println("rss " + vmRssKb());
		}
	}

	static long vmRssKb() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		throw new IllegalStateException("no VmRSS");
	}

	/**
	 * The readings of a probe's output, in order.
	 * @param lines the probe's standard output
	 * @return the resident set sizes in kB
	 */
	static List<Long> readings(List<String> lines) {
		List<Long> out = new ArrayList<>();
		for (String line : lines) {
			if (line.startsWith("rss ")) {
				out.add(Long.parseLong(line.substring(4).trim()));
			}
		}
		return out;
	}

}
