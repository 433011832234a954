package dev.latentforge.analysis;

import java.util.SplittableRandom;

import dev.latentforge.engine.Rng;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnalysisTests {

	@Test
	void rhatIsNearOneForMixedChainsAndLargeForSeparatedOnes() {
		SplittableRandom random = new SplittableRandom(1);
		double[][] mixed = new double[4][500];
		double[][] apart = new double[4][500];
		for (int c = 0; c < 4; c++) {
			for (int i = 0; i < 500; i++) {
				mixed[c][i] = random.nextGaussian();
				apart[c][i] = random.nextGaussian() + 3 * c;
			}
		}
		ChainDiagnostics.Result good = ChainDiagnostics.of(mixed);
		assertThat(good.rhat()).isCloseTo(1.0, within(0.02));
		// independent draws: the effective sample size is about the number of draws
		assertThat(good.ess()).isBetween(1500.0, 2600.0);
		assertThat(ChainDiagnostics.of(apart).rhat()).isGreaterThan(2.0);
		assertThat(ChainDiagnostics.of(new double[][] { { 1, 2, 3 } }).rhat()).isNull();
		assertThat(ChainDiagnostics.of(new double[][] { { 1, 1, 1, 1 }, { 1, 1, 1, 1 } }).rhat()).isNull();
	}

	@Test
	void essOfAnAutoregressiveChainMatchesItsIntegratedAutocorrelation() {
		// AR(1) with coefficient 0.9: ESS = N (1 - 0.9) / (1 + 0.9) = N / 19
		SplittableRandom random = new SplittableRandom(2);
		int chains = 4;
		int n = 5000;
		double[][] traces = new double[chains][n];
		for (int c = 0; c < chains; c++) {
			double x = random.nextGaussian() / Math.sqrt(1 - 0.81);
			for (int i = 0; i < n; i++) {
				x = 0.9 * x + random.nextGaussian();
				traces[c][i] = x;
			}
		}
		ChainDiagnostics.Result result = ChainDiagnostics.of(traces);
		assertThat(result.ess()).isBetween(chains * n / 19.0 / 1.5, chains * n / 19.0 * 1.5);
		assertThat(result.rhat()).isLessThan(1.05);
	}

	@Test
	void kMeansFindsSeparatedBlobsExactly() {
		SplittableRandom random = new SplittableRandom(3);
		int n = 300;
		float[] points = new float[n * 2];
		int[] truth = new int[n];
		for (int i = 0; i < n; i++) {
			truth[i] = i % 3;
			points[2 * i] = (float) (10 * truth[i] + random.nextGaussian() * 0.5);
			points[2 * i + 1] = (float) (-7 * truth[i] + random.nextGaussian() * 0.5);
		}
		KMeans.Result result = KMeans.cluster(points, n, 2, 3, 5, 100, new Rng(4));
		assertThat(ClusterAgreement.nmi(result.assignments(), truth)).isCloseTo(1.0, within(1e-9));
		assertThat(ClusterAgreement.ari(result.assignments(), truth)).isCloseTo(1.0, within(1e-9));
		KMeans.Result again = KMeans.cluster(points, n, 2, 3, 5, 100, new Rng(4));
		assertThat(again.assignments()).isEqualTo(result.assignments());
	}

	@Test
	void agreementMatchesHandComputedValues() {
		int[] a = { 0, 0, 1, 1 };
		assertThat(ClusterAgreement.nmi(a, new int[] { 1, 1, 0, 0 })).isCloseTo(1.0, within(1e-12));
		assertThat(ClusterAgreement.nmi(a, new int[] { 0, 1, 0, 1 })).isCloseTo(0.0, within(1e-12));
		// contingency [[1,1],[1,1]]: index 0, expected 2·2/6, max 2 -> (0 - 2/3) / (2 -
		// 2/3)
		assertThat(ClusterAgreement.ari(a, new int[] { 0, 1, 0, 1 })).isCloseTo(-0.5, within(1e-12));
		// [0,0,0,1,1,1] vs [0,0,1,1,2,2]: I = 2/3 ln 2, H(u) = ln 2, H(v) = ln 3
		int[] u = { 0, 0, 0, 1, 1, 1 };
		int[] v = { 0, 0, 1, 1, 2, 2 };
		double hu = Math.log(2);
		double hv = Math.log(3);
		double mutual = 4.0 / 6 * Math.log((2.0 / 6) / (0.5 * (1.0 / 3))) + 2.0 / 6 * Math.log((1.0 / 6) / (0.5 / 3));
		assertThat(ClusterAgreement.nmi(u, v)).isCloseTo(mutual / Math.sqrt(hu * hv), within(1e-12));
	}

	@Test
	void percentilesAndAuc() {
		assertThat(Percentiles.of(new double[] { 5, 1, 4, 2, 3 }, 50)).isEqualTo(3.0);
		assertThat(Percentiles.of(new double[] { 1, 2, 3, 4 }, 90)).isCloseTo(3.7, within(1e-12));
		assertThat(Percentiles.rocAuc(new double[] { 3, 4 }, new double[] { 1, 2 })).isEqualTo(1.0);
		assertThat(Percentiles.rocAuc(new double[] { 1, 2 }, new double[] { 1, 2 })).isEqualTo(0.5);
		assertThat(Percentiles.rocAuc(new double[] { 2 }, new double[] { 1, 3 })).isEqualTo(0.5);
	}

	@Test
	void projectionFindsTheDirectionsOfLargestVariance() {
		SplittableRandom random = new SplittableRandom(5);
		int n = 400;
		float[] points = new float[n * 3];
		for (int i = 0; i < n; i++) {
			double t = random.nextGaussian() * 5;
			double s = random.nextGaussian();
			// the main direction (1, 1, 0)/√2, the second (0, 0, 1), tiny noise elsewhere
			points[3 * i] = (float) (t / Math.sqrt(2) + random.nextGaussian() * 0.01);
			points[3 * i + 1] = (float) (t / Math.sqrt(2));
			points[3 * i + 2] = (float) s;
		}
		float[][] xy = Projection.twoDimensions(points, n, 3);
		double vx = 0;
		double vy = 0;
		for (int i = 0; i < n; i++) {
			vx += xy[0][i] * xy[0][i];
			vy += xy[1][i] * xy[1][i];
		}
		assertThat(Math.sqrt(vx / n)).isCloseTo(5.0, within(0.6));
		assertThat(Math.sqrt(vy / n)).isCloseTo(1.0, within(0.15));
	}

}
