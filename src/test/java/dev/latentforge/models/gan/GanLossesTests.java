package dev.latentforge.models.gan;

import java.util.function.Function;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each objective's value and gradient against a computation by hand (σ(l) = 1/(1 + e^−l);
 * d/dl softplus(l) = σ(l)).
 */
class GanLossesTests {

	static final float[] REAL = { 1.5f, -0.5f, 0.25f };

	static final float[] FAKE = { -2f, 0.75f };

	static double sigmoid(double l) {
		return 1 / (1 + Math.exp(-l));
	}

	/** The loss's value and its gradient with respect to the input. */
	static double[] valueAndGradient(float[] input, Function<NDArray, NDArray> loss) {
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray x = manager.create(input).reshape(-1, 1);
			x.setRequiresGradient(true);
			double[] out = new double[input.length + 1];
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				NDArray value = loss.apply(x);
				collector.backward(value);
				out[0] = value.getFloat();
			}
			float[] grad = x.getGradient().toFloatArray();
			for (int i = 0; i < grad.length; i++) {
				out[i + 1] = grad[i];
			}
			return out;
		}
	}

	@Test
	void discriminatorLossWithAndWithoutLabelSmoothing() {
		for (float target : new float[] { 1f, 0.9f }) {
			double[] real;
			double[] fake;
			try (NDManager manager = NDManager.newBaseManager()) {
				NDArray f = manager.create(FAKE).reshape(-1, 1);
				real = valueAndGradient(REAL, (x) -> GanLosses.discriminator(x, f, target));
				NDArray r = manager.create(REAL).reshape(-1, 1);
				fake = valueAndGradient(FAKE, (x) -> GanLosses.discriminator(r, x, target));
			}
			// −[t log σ(l) + (1 − t) log(1 − σ(l))] averaged over reals, −log(1 − σ(l))
			// over fakes
			double expected = 0;
			for (float l : REAL) {
				expected -= (target * Math.log(sigmoid(l)) + (1 - target) * Math.log(1 - sigmoid(l))) / REAL.length;
			}
			for (float l : FAKE) {
				expected -= Math.log(1 - sigmoid(l)) / FAKE.length;
			}
			assertThat(real[0]).isCloseTo(expected, within(1e-5));
			assertThat(fake[0]).isCloseTo(expected, within(1e-5));
			for (int i = 0; i < REAL.length; i++) {
				assertThat(real[i + 1]).isCloseTo((sigmoid(REAL[i]) - target) / REAL.length, within(1e-6));
			}
			for (int i = 0; i < FAKE.length; i++) {
				assertThat(fake[i + 1]).isCloseTo(sigmoid(FAKE[i]) / FAKE.length, within(1e-6));
			}
		}
	}

	@Test
	void minimaxGeneratorLoss() {
		double[] out = valueAndGradient(FAKE, GanLosses::minimax);
		double expected = 0;
		for (float l : FAKE) {
			expected += Math.log(1 - sigmoid(l)) / FAKE.length;
		}
		assertThat(out[0]).isCloseTo(expected, within(1e-5));
		for (int i = 0; i < FAKE.length; i++) {
			// d/dl log(1 − σ(l)) = −σ(l): vanishes where D rejects fakes (σ → 0)
			assertThat(out[i + 1]).isCloseTo(-sigmoid(FAKE[i]) / FAKE.length, within(1e-6));
		}
	}

	@Test
	void nonSaturatingGeneratorLoss() {
		double[] out = valueAndGradient(FAKE, GanLosses::nonSaturating);
		double expected = 0;
		for (float l : FAKE) {
			expected -= Math.log(sigmoid(l)) / FAKE.length;
		}
		assertThat(out[0]).isCloseTo(expected, within(1e-5));
		for (int i = 0; i < FAKE.length; i++) {
			// d/dl −log σ(l) = σ(l) − 1: strongest where D rejects fakes
			assertThat(out[i + 1]).isCloseTo((sigmoid(FAKE[i]) - 1) / FAKE.length, within(1e-6));
		}
	}

	@Test
	void softplusStaysFiniteForLargeLogits() {
		double[] out = valueAndGradient(new float[] { 200f, -200f }, GanLosses::nonSaturating);
		assertThat(out[0]).isCloseTo(100.0, within(1e-3));
		assertThat(out[1]).isCloseTo(0.0, within(1e-6));
		assertThat(out[2]).isCloseTo(-0.5, within(1e-6));
	}

	@Test
	void featureMatchingLoss() {
		// real features [[1, 2], [3, 4]] (mean [2, 3]); fake [[0, 1], [2, 2], [1, 0]]
		// (mean [1, 1])
		float[] fake = { 0, 1, 2, 2, 1, 0 };
		double[] out;
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray real = manager.create(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
			out = valueAndGradient(fake, (x) -> GanLosses.featureMatching(real, x.reshape(3, 2)));
		}
		// ‖[2, 3] − [1, 1]‖² = 1 + 4
		assertThat(out[0]).isCloseTo(5.0, within(1e-5));
		// d/dfake_ij = −2 (mean_real − mean_fake)_j / 3
		double[] perColumn = { -2.0 * 1 / 3, -2.0 * 2 / 3 };
		for (int i = 0; i < 6; i++) {
			assertThat(out[i + 1]).isCloseTo(perColumn[i % 2], within(1e-6));
		}
	}

	@Test
	void wassersteinLosses() {
		double[] critic;
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray f = manager.create(FAKE).reshape(-1, 1);
			critic = valueAndGradient(REAL, (x) -> GanLosses.critic(x, f));
		}
		double meanReal = (1.5 - 0.5 + 0.25) / 3;
		double meanFake = (-2 + 0.75) / 2;
		assertThat(critic[0]).isCloseTo(meanFake - meanReal, within(1e-6));
		for (int i = 0; i < REAL.length; i++) {
			assertThat(critic[i + 1]).isCloseTo(-1.0 / 3, within(1e-6));
		}
		double[] generator = valueAndGradient(FAKE, GanLosses::wassersteinGenerator);
		assertThat(generator[0]).isCloseTo(-meanFake, within(1e-6));
		assertThat(generator[1]).isCloseTo(-0.5, within(1e-6));
	}

	@Test
	void auxiliaryClassifierLossSkipsDroppedLabels() {
		// three rows, three labels and one attribute entry; the third row's label was
		// dropped (all zeros), so only the first two count
		float[] logits = { 1f, 2f, 0.5f, 0.3f, -1f, 2f, 4f, 0f, 0f };
		float[] conditions = { 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1 };
		double[] out;
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray c = manager.create(conditions).reshape(3, 4);
			out = valueAndGradient(logits, (x) -> GanLosses.auxiliaryClassifier(x.reshape(3, 3), c));
		}
		int[] labels = { 1, 2, -1 };
		double expected = 0;
		double[] gradient = new double[9];
		for (int row = 0; row < 2; row++) {
			double normaliser = 0;
			for (int j = 0; j < 3; j++) {
				normaliser += Math.exp(logits[row * 3 + j]);
			}
			// −log softmax(l)_y, averaged over the two labelled rows
			expected -= (logits[row * 3 + labels[row]] - Math.log(normaliser)) / 2;
			for (int j = 0; j < 3; j++) {
				// d/dl_j = (softmax(l)_j − [j = y]) / 2
				gradient[row * 3 + j] = (Math.exp(logits[row * 3 + j]) / normaliser - (j == labels[row] ? 1 : 0)) / 2;
			}
		}
		assertThat(out[0]).isCloseTo(expected, within(1e-5));
		for (int i = 0; i < 9; i++) {
			assertThat(out[i + 1]).as("gradient " + i).isCloseTo(gradient[i], within(1e-6));
		}
	}

	@Test
	void auxiliaryClassifierLossOfABatchWithoutLabelsIsZero() {
		double[] out;
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray c = manager.zeros(new ai.djl.ndarray.types.Shape(2, 3));
			out = valueAndGradient(new float[] { 1f, -2f, 0.5f, 3f, 0f, 1f },
					(x) -> GanLosses.auxiliaryClassifier(x.reshape(2, 3), c));
		}
		for (double v : out) {
			assertThat(v).isZero();
		}
	}

}
