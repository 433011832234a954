package dev.latentforge.analysis;

/**
 * Convergence diagnostics of a scalar summary statistic traced by several Markov chains:
 * the split potential scale reduction R̂ and the effective sample size, as defined in
 * Gelman et al., <i>Bayesian Data Analysis</i> (3rd ed., §11.4 and §11.5).
 * <p>
 * Each chain's trace is split in halves, so that m chains of n draws become 2m chains of
 * n/2 draws (a chain that drifts then disagrees with itself). With W the mean of the
 * within-chain variances and B/n the variance of the chain means,
 * {@code var⁺ = (n-1)/n · W + B/n} and {@code R̂ = √(var⁺ / W)}: near 1 when the chains
 * mix, above 1.1 when they have not yet forgotten their starts. The effective sample size
 * is {@code m·n / (1 + 2 Σ ρ̂_t)} with {@code ρ̂_t = 1 - V_t / (2 var⁺)} from the
 * variogram V_t, the sum truncated by Geyer's initial positive sequence.
 */
public final class ChainDiagnostics {

	private ChainDiagnostics() {
	}

	/**
	 * The diagnostics of one statistic.
	 *
	 * @param rhat the split R̂, or {@code null} when undefined (fewer than 4 draws per
	 * chain, or no variation within chains)
	 * @param ess the effective sample size, or {@code null} when undefined
	 * @param chains the number of chains (before splitting)
	 * @param draws the draws per chain
	 */
	public record Result(Double rhat, Double ess, int chains, int draws) {
	}

	/**
	 * Computes the diagnostics.
	 * @param traces {@code traces[chain][draw]}, every chain of the same length
	 * @return the diagnostics
	 */
	public static Result of(double[][] traces) {
		int chains = traces.length;
		int draws = chains == 0 ? 0 : traces[0].length;
		if (draws < 4) {
			return new Result(null, null, chains, draws);
		}
		int half = draws / 2;
		// the first half and the last half (dropping the middle draw when n is odd)
		double[][] split = new double[2 * chains][];
		for (int c = 0; c < chains; c++) {
			split[2 * c] = java.util.Arrays.copyOfRange(traces[c], 0, half);
			split[2 * c + 1] = java.util.Arrays.copyOfRange(traces[c], draws - half, draws);
		}
		int m = split.length;
		int n = half;
		double[] means = new double[m];
		double w = 0;
		for (int j = 0; j < m; j++) {
			means[j] = mean(split[j]);
			double s = 0;
			for (double x : split[j]) {
				s += (x - means[j]) * (x - means[j]);
			}
			w += s / (n - 1);
		}
		w /= m;
		double grand = mean(means);
		double b = 0;
		for (double mj : means) {
			b += (mj - grand) * (mj - grand);
		}
		b = b * n / (m - 1);
		double varPlus = (n - 1.0) / n * w + b / n;
		if (!(w > 1e-300)) {
			return new Result(null, null, chains, draws);
		}
		double rhat = Math.sqrt(varPlus / w);
		return new Result(rhat, ess(split, varPlus), chains, draws);
	}

	private static double ess(double[][] split, double varPlus) {
		int m = split.length;
		int n = split[0].length;
		double[] rho = new double[n];
		for (int t = 1; t < n; t++) {
			double v = 0;
			for (double[] chain : split) {
				for (int i = t; i < n; i++) {
					double d = chain[i] - chain[i - t];
					v += d * d;
				}
			}
			v /= (double) m * (n - t);
			rho[t] = 1 - v / (2 * varPlus);
		}
		// Geyer: add pairs (rho[t] + rho[t+1]) for odd t while the pair sum is positive
		double sum = 0;
		for (int t = 1; t + 1 < n; t += 2) {
			double pair = rho[t] + rho[t + 1];
			if (pair < 0) {
				break;
			}
			sum += pair;
		}
		double ess = m * n / (1 + 2 * sum);
		return Math.min(ess, (double) m * n * Math.log10(m * n));
	}

	private static double mean(double[] values) {
		double s = 0;
		for (double v : values) {
			s += v;
		}
		return s / values.length;
	}

}
