package dev.latentforge.models.rbm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.latentforge.engine.Rng;

/**
 * The mean log-probability of data under an RBM (exact log Z or AIS) or under a DBN (the
 * variational lower bound with the top RBM's log Z), with error bars: AIS's ±3σ̂ bounds
 * on log Z become bounds on the mean log-probability, mean(−F(v)) − log Z. For Gaussian
 * visible units the density is of the pixel values in [0, 1] (the standardisation's
 * Jacobian, −Σ log std, included).
 *
 * @param method {@code exact} or {@code ais}
 * @param bound whether it is a DBN's lower bound rather than an RBM's exact value
 * @param value the mean log-probability in nats
 * @param lower its lower error bar (log Z's upper bound)
 * @param upper its upper error bar, or {@code null} when log Z's lower bound is −∞
 * @param logZ the (top RBM's) log Z
 * @param logZLower log Z's lower bound
 * @param logZUpper log Z's upper bound
 * @param runs AIS runs (0 for exact)
 * @param temperatures AIS temperatures (0 for exact)
 */
record LogLikelihood(String method, boolean bound, double value, double lower, Double upper, double logZ,
		double logZLower, double logZUpper, int runs, int temperatures) {

	/** Draws per example of the DBN bound's Monte Carlo average. */
	static final int BOUND_SAMPLES = 5;

	/**
	 * Computes the log-likelihood of the first {@code layers} layers of a stack.
	 * @param stack the network
	 * @param layers how many layers form the model (1: the bottom RBM)
	 * @param data the evaluated rows, bottom visible values (binarised)
	 * @param training training rows, to fit AIS's base-rate model
	 * @param runs AIS runs
	 * @param temperatures AIS temperatures
	 * @param rng random numbers
	 * @param step the key of every draw
	 * @param manager the manager of temporary arrays
	 * @param progress receives the fraction of AIS done, or {@code null}
	 * @return the result, or {@code null} when no method applies
	 */
	static LogLikelihood of(RbmStack stack, int layers, NDArray data, NDArray training, int runs, int temperatures,
			Rng rng, long step, NDManager manager, DoubleConsumer progress) {
		StackConfig.Likelihood method = stack.config().likelihood(stack.inputSize(), layers);
		if (method == StackConfig.Likelihood.NONE || (method == StackConfig.Likelihood.AIS && runs < 1)) {
			return null;
		}
		List<Rbm> sub = stack.layers().subList(0, layers);
		Rbm top = sub.get(layers - 1);
		PartitionFunction.Estimate z;
		if (method == StackConfig.Likelihood.EXACT) {
			z = PartitionFunction.exact(top, manager);
		}
		else {
			float[] topData;
			try (NDScope scope = new NDScope()) {
				topData = stack.sampleUp(training, layers - 1, new Noise(rng, step, "base-rate/", manager))
					.toFloatArray();
			}
			float[] base = PartitionFunction.baseRate(topData, top.visibleUnits());
			z = PartitionFunction.ais(top, base, runs, temperatures, rng, step, manager, progress);
		}
		double bound = RbmMetrics.boundWithoutLogZ(sub, data, BOUND_SAMPLES, new Noise(rng, step, "bound/", manager));
		if (stack.dataStd() != null) {
			for (float std : stack.dataStd().toFloatArray()) {
				bound -= Math.log(std);
			}
		}
		Double upper = Double.isFinite(z.lower()) ? bound - z.lower() : null;
		return new LogLikelihood(z.method(), layers > 1, bound - z.logZ(), bound - z.upper(), upper, z.logZ(),
				z.lower(), z.upper(), z.runs(), z.temperatures());
	}

	/** The checkpoint metrics: {@code log_likelihood}, its bounds, {@code log_z}... */
	Map<String, Double> metrics() {
		Map<String, Double> out = new LinkedHashMap<>();
		out.put("log_likelihood", this.value);
		out.put("log_likelihood_lower", this.lower);
		if (this.upper != null) {
			out.put("log_likelihood_upper", this.upper);
		}
		out.put("log_z", this.logZ);
		if (this.runs > 0) {
			out.put("ais_runs", (double) this.runs);
			out.put("ais_temperatures", (double) this.temperatures);
		}
		return out;
	}

	/** The evaluation details: log Z with its bounds, runs and temperatures. */
	Map<String, Object> details() {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("logZ", this.logZ);
		out.put("logZLower", Double.isFinite(this.logZLower) ? this.logZLower : null);
		out.put("logZUpper", this.logZUpper);
		out.put("runs", this.runs);
		out.put("temperatures", this.temperatures);
		out.put("bound", this.bound);
		return out;
	}

}
