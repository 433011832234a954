package dev.latentforge.evaluation.generative;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The generative metrics against cases computed by hand.
 */
class GenerativeMetricsTests {

	@Test
	void eigenDecompositionRebuildsTheMatrix() {
		double[][] m = { { 4, 1, 2 }, { 1, 3, 0.5 }, { 2, 0.5, 5 } };
		SymmetricEigen eigen = SymmetricEigen.of(m);
		double trace = 0;
		for (double value : eigen.values()) {
			trace += value;
		}
		assertThat(trace).isCloseTo(12, within(1e-10));
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++) {
				double rebuilt = 0;
				for (int k = 0; k < 3; k++) {
					rebuilt += eigen.vectors()[i][k] * eigen.values()[k] * eigen.vectors()[j][k];
				}
				assertThat(rebuilt).isCloseTo(m[i][j], within(1e-10));
			}
		}
		double[][] root = SymmetricEigen.sqrtPsd(m);
		double[][] square = FrechetDistance.multiply(root, root);
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++) {
				assertThat(square[i][j]).isCloseTo(m[i][j], within(1e-10));
			}
		}
	}

	@Test
	void frechetDistanceOfGaussiansWithKnownMoments() {
		// N((0,0), I) vs N((1,2), 4I): |mu|^2 = 5, traces 2 + 8, 2 tr(sqrt(4I)) = 8 -> 7
		assertThat(FrechetDistance.of(new double[] { 0, 0 }, new double[][] { { 1, 0 }, { 0, 1 } },
				new double[] { 1, 2 }, new double[][] { { 4, 0 }, { 0, 4 } }))
			.isCloseTo(7, within(1e-12));
		// diag(1, 4) vs diag(4, 1), same means: 5 + 5 - 2 (2 + 2) = 2
		assertThat(FrechetDistance.of(new double[] { 3, 3 }, new double[][] { { 1, 0 }, { 0, 4 } },
				new double[] { 3, 3 }, new double[][] { { 4, 0 }, { 0, 1 } }))
			.isCloseTo(2, within(1e-12));
		// 1-D: (m1 - m2)^2 + (s1 - s2)^2 = 4 + 1
		assertThat(FrechetDistance.of(new double[] { 1 }, new double[][] { { 4 } }, new double[] { 3 },
				new double[][] { { 1 } }))
			.isCloseTo(5, within(1e-12));
		// non-commuting covariances: the distance between N(0, A) and N(0, R A R^T)
		// (R a rotation) equals 2 tr(A) - 2 tr((A^1/2 R A R^T A^1/2)^1/2); with A =
		// diag(1, 0) (rank 1) the product is diag(cos^2 t, 0): 2 - 2 |cos t|
		double t = 0.7;
		double c = Math.cos(t);
		double s = Math.sin(t);
		double[][] rotated = { { c * c, c * s }, { c * s, s * s } };
		assertThat(FrechetDistance.of(new double[] { 0, 0 }, new double[][] { { 1, 0 }, { 0, 0 } },
				new double[] { 0, 0 }, rotated))
			.isCloseTo(2 - 2 * Math.abs(c), within(1e-9));
	}

	@Test
	void frechetDistanceFromSamplesApproachesTheMoments() {
		SplittableRandom random = new SplittableRandom(1);
		int n = 20_000;
		double[][] a = new double[n][2];
		double[][] b = new double[n][2];
		for (int i = 0; i < n; i++) {
			a[i][0] = random.nextGaussian();
			a[i][1] = random.nextGaussian();
			b[i][0] = 1 + 2 * random.nextGaussian();
			b[i][1] = 2 + 2 * random.nextGaussian();
		}
		assertThat(FrechetDistance.of(a, b)).isCloseTo(7, within(0.15));
		assertThat(FrechetDistance.of(a, a)).isCloseTo(0, within(1e-9));
	}

	@Test
	void precisionAndRecallOnConstructedPointSets() {
		// real: 10 points on a line 0..9 (k = 1: every radius is 1); generated: 5 points,
		// 4 on real points and one far away
		double[][] real = new double[10][];
		for (int i = 0; i < 10; i++) {
			real[i] = new double[] { i, 0 };
		}
		double[][] generated = { { 0, 0 }, { 0.5, 0 }, { 1, 0.5 }, { 2, 0 }, { 50, 50 } };
		PrecisionRecall.Result result = PrecisionRecall.of(real, generated, 1);
		// inside the real manifold: (0,0), (0.5,0), (1,0.5) (distance 0.5 from (1,0)),
		// (2,0); not (50,50): 4/5
		assertThat(result.precision()).isEqualTo(0.8);
		// generated radii (k = 1): (0,0)->0.5, (0.5,0)->0.5, (1,0.5)->sqrt(0.5),
		// (2,0)->sqrt(1.25), (50,50)->far (its nearest is (2,0): sqrt(48^2+50^2))
		// the far point's ball (radius 69.3) covers every real point: recall 1
		assertThat(result.recall()).isEqualTo(1.0);
		// without the outlier, real points 0, 1, 2 (and 3: |3 - 2| = 1 <= sqrt(1.25)) are
		// covered: 4/10
		PrecisionRecall.Result tight = PrecisionRecall.of(real, java.util.Arrays.copyOf(generated, 4), 1);
		assertThat(tight.precision()).isEqualTo(1.0);
		assertThat(tight.recall()).isEqualTo(0.4);
	}

	@Test
	void classifierScoreAndConditionalAccuracy() {
		// confident and uniform over 4 classes: exp(ln 4) = 4
		double[][] confident = { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };
		assertThat(ClassifierScores.classifierScore(confident)).isCloseTo(4, within(1e-12));
		// every sample the same distribution: 1
		double[][] same = { { 0.5, 0.5 }, { 0.5, 0.5 }, { 0.5, 0.5 } };
		assertThat(ClassifierScores.classifierScore(same)).isCloseTo(1, within(1e-12));
		// two classes, p(y|x) = (0.9, 0.1) and (0.1, 0.9): marginal (0.5, 0.5), KL = 0.9
		// ln
		// 1.8 + 0.1 ln 0.2
		double kl = 0.9 * Math.log(1.8) + 0.1 * Math.log(0.2);
		assertThat(ClassifierScores.classifierScore(new double[][] { { 0.9, 0.1 }, { 0.1, 0.9 } }))
			.isCloseTo(Math.exp(kl), within(1e-12));
		assertThat(ClassifierScores.conditionalAccuracy(confident, new int[] { 0, 1, 3, 3 })).isEqualTo(0.75);
	}

	@Test
	void ringModesCountCoveredModesAndHighQualitySamples() {
		double[][] centres = RingModes.centres(8, 2);
		assertThat(centres[2][0]).isCloseTo(0, within(1e-12));
		assertThat(centres[2][1]).isCloseTo(2, within(1e-12));
		// 100 samples: 30 at mode 0 (within 3 sigma = 0.06), 1 at mode 1 (under 1% of
		// 100 is < 1, so 1 sample covers it), 0.05 off mode 2 (inside), 0.07 off mode 3
		// (outside), and 67 at the origin
		double[][] samples = new double[100][];
		int n = 0;
		for (int i = 0; i < 30; i++) {
			samples[n++] = new double[] { 2.0 + 0.01, 0.0 };
		}
		samples[n++] = centres[1].clone();
		samples[n++] = new double[] { centres[2][0] + 0.05, centres[2][1] };
		samples[n++] = new double[] { centres[3][0] + 0.07, centres[3][1] };
		while (n < 100) {
			samples[n++] = new double[] { 0, 0 };
		}
		RingModes.Result result = RingModes.of(samples, centres, 0.02, 0.01);
		assertThat(result.perMode()).containsExactly(30, 1, 1, 0, 0, 0, 0, 0);
		assertThat(result.modesCovered()).isEqualTo(3);
		assertThat(result.highQualityFraction()).isEqualTo(0.32);
		// with a 2% floor a single sample no longer covers a mode
		assertThat(RingModes.of(samples, centres, 0.02, 0.02).modesCovered()).isEqualTo(1);
	}

	@Test
	void diversityIsOneForTheDataAndZeroForACollapsedClass() {
		double[][] real = { { 0, 0 }, { 1, 0 }, { 0, 1 }, { 5, 5 }, { 6, 5 } };
		int[] labels = { 0, 0, 0, 1, 1 };
		SampleMetrics.Diversity same = SampleMetrics.diversity(real, labels, real, labels, java.util.List.of("a", "b"));
		assertThat(same.mean()).isCloseTo(1, within(1e-12));
		double[][] collapsed = { { 0, 0 }, { 0, 0 }, { 0, 0 }, { 5, 5 }, { 7, 5 } };
		SampleMetrics.Diversity result = SampleMetrics.diversity(real, labels, collapsed, labels,
				java.util.List.of("a", "b"));
		assertThat(result.perClass().get("a")).isEqualTo(0.0);
		assertThat(result.perClass().get("b")).isCloseTo(2.0, within(1e-12));
		assertThat(result.minimum()).isEqualTo(0.0);
	}

}
