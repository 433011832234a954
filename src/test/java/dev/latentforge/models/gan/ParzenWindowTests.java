package dev.latentforge.models.gan;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Parzen window against a direct double-precision computation on tiny cases: each
 * point's log-likelihood, and the σ that Goodfellow et al.'s grid search picks.
 */
class ParzenWindowTests {

	static final int D = 4;

	@Test
	void logLikelihoodsMatchTheFormulaComputedByHand() {
		float[] samples = uniform(1, 5 * D);
		float[] points = uniform(2, 3 * D);
		double[] sigmas = { 0.002, 0.3, 2.0 };
		// two points per chunk, so the three points take two distance matrices
		double[][] ll = new ParzenWindow(samples, 5, 2).logLikelihoods(points, sigmas);
		for (int k = 0; k < sigmas.length; k++) {
			for (int i = 0; i < 3; i++) {
				assertThat(ll[k][i]).as("σ %s, point %d", sigmas[k], i)
					.isCloseTo(byHand(samples, points, i, sigmas[k]), within(1e-9));
			}
		}
		// σ = 0.002 puts every kernel beyond exp's range (below −745, as a log-likelihood
		// under −1000 shows): a naive sum of exponentials would give −∞
		for (double v : ll[0]) {
			assertThat(v).isFinite().isLessThan(-1000);
		}
	}

	@Test
	void estimatePicksTheGridValueAHandComputationPicksAndReportsTheTestMean() {
		// samples and validation points from one distribution, so the best width is
		// neither the smallest nor the largest in the grid
		float[] samples = uniform(3, 40 * D);
		float[] validation = uniform(4, 20 * D);
		float[] test = uniform(5, 7 * D);
		double[] sigmas = { 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6 };
		int best = 0;
		double[] handMeans = new double[sigmas.length];
		for (int k = 0; k < sigmas.length; k++) {
			for (int i = 0; i < 20; i++) {
				handMeans[k] += byHand(samples, validation, i, sigmas[k]) / 20;
			}
			if (handMeans[k] > handMeans[best]) {
				best = k;
			}
		}
		assertThat(best).isStrictlyBetween(0, sigmas.length - 1);
		ParzenWindow.Estimate estimate = new ParzenWindow(samples, 40, 3).estimate(validation, test, sigmas);
		assertThat(estimate.sigma()).isEqualTo(sigmas[best]);
		assertThat(estimate.validationMeans()).containsExactly(handMeans, within(1e-9));
		double[] ll = new double[7];
		double mean = 0;
		for (int i = 0; i < 7; i++) {
			ll[i] = byHand(samples, test, i, sigmas[best]);
			mean += ll[i] / 7;
		}
		double variance = 0;
		for (double v : ll) {
			variance += (v - mean) * (v - mean) / 7;
		}
		assertThat(estimate.points()).isEqualTo(7);
		assertThat(estimate.mean()).isCloseTo(mean, within(1e-9));
		assertThat(estimate.standardError()).isCloseTo(Math.sqrt(variance / 7), within(1e-9));
	}

	@Test
	void gridIsGoodfellowsLogspaceFromATenthToOne() {
		assertThat(ParzenWindow.GOODFELLOW_SIGMAS).hasSize(10);
		assertThat(ParzenWindow.GOODFELLOW_SIGMAS[0]).isCloseTo(0.1, within(1e-12));
		assertThat(ParzenWindow.GOODFELLOW_SIGMAS[1]).isCloseTo(0.12915, within(1e-5));
		assertThat(ParzenWindow.GOODFELLOW_SIGMAS[9]).isCloseTo(1.0, within(1e-12));
	}

	/**
	 * log p(x_i) for point i, in plain doubles: log-mean-exp of the Gaussian exponents
	 * minus the normaliser d·log(σ√(2π)).
	 */
	static double byHand(float[] samples, float[] points, int i, double sigma) {
		int n = samples.length / D;
		double[] exponents = new double[n];
		double max = Double.NEGATIVE_INFINITY;
		for (int j = 0; j < n; j++) {
			double squared = 0;
			for (int c = 0; c < D; c++) {
				double diff = (double) points[i * D + c] - samples[j * D + c];
				squared += diff * diff;
			}
			exponents[j] = -squared / (2 * sigma * sigma);
			max = Math.max(max, exponents[j]);
		}
		double sum = 0;
		for (double e : exponents) {
			sum += Math.exp(e - max);
		}
		return max + Math.log(sum) - Math.log(n) - D * Math.log(sigma * Math.sqrt(2 * Math.PI));
	}

	static float[] uniform(long seed, int n) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			out[i] = (float) random.nextDouble();
		}
		return out;
	}

}
