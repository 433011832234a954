package dev.latentforge.models.rbm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.models.ModelSpec;

/**
 * Evaluates a trained RBM or DBN on a data set split, in a worker. Metrics:
 * <ul>
 * <li>{@code log-likelihood}: the mean log-probability in nats, exact (log Z by
 * enumeration) or by AIS (options {@code aisRuns}, default 100, and
 * {@code aisTemperatures}, default 14,500, Salakhutdinov &amp; Murray's budget); AIS's
 * ±3σ̂ bounds on log Z give {@code lower} and {@code upper}; for a DBN it is the
 * variational lower bound;</li>
 * <li>{@code pseudo-log-likelihood} (Bernoulli units, every pixel);</li>
 * <li>{@code reconstruction-error} (mean-field, summed over pixels);</li>
 * <li>{@code free-energy-gap}: mean F on the split minus mean F on training data at the
 * checkpoint (recorded when it was written);</li>
 * <li>{@code accuracy} of a fine-tuned DBN's classifier.</li>
 * </ul>
 * Binary rows come from stochastic binarisation keyed by the evaluation's seed. AIS's
 * base-rate model is fitted to the evaluated rows (any base with full support leaves the
 * estimate of Z unbiased). Option {@code limit} evaluates the first rows only.
 */
final class StackEvaluator implements ModelEvaluator {

	static final String LOG_LIKELIHOOD = "log-likelihood";

	static final String PSEUDO_LOG_LIKELIHOOD = "pseudo-log-likelihood";

	static final String RECONSTRUCTION_ERROR = "reconstruction-error";

	static final String FREE_ENERGY_GAP = "free-energy-gap";

	static final String ACCURACY = "accuracy";

	private final StackFamily family;

	StackEvaluator(StackFamily family) {
		this.family = family;
	}

	@Override
	public Set<String> metrics(ModelSpec spec) {
		StackConfig config = StackConfig.of(spec);
		Set<String> out = new LinkedHashSet<>();
		boolean gaussian = config.visible() == RbmSpec.VisibleUnits.GAUSSIAN;
		if (!gaussian || (!config.dbn() && config.hidden().get(0) <= config.exactLimit())) {
			out.add(LOG_LIKELIHOOD);
		}
		if (!gaussian || config.dbn()) {
			out.add(PSEUDO_LOG_LIKELIHOOD);
		}
		out.add(RECONSTRUCTION_ERROR);
		out.add(FREE_ENERGY_GAP);
		if (config.fineTuneSteps() > 0) {
			out.add(ACCURACY);
		}
		return out;
	}

	@Override
	public List<Result> evaluate(Input input) {
		StackConfig config = StackConfig.of(input.spec().model());
		int runs = intOption(input.options(), "aisRuns", 100);
		int temperatures = intOption(input.options(), "aisTemperatures", 14_500);
		int limit = intOption(input.options(), "limit", input.examples().count());
		List<Result> results = new ArrayList<>();
		try (NDManager manager = input.manager().newSubManager();
				StackModel model = (StackModel) this.family.load(input.checkpoint(), manager.newSubManager());
				NDScope scope = new NDScope()) {
			RbmStack stack = model.stack();
			VisibleData data = new VisibleData(stack, input.rng());
			int[] positions = new int[Math.min(limit, input.examples().count())];
			for (int i = 0; i < positions.length; i++) {
				positions[i] = i;
			}
			NDArray rows = data.batch(manager, input.examples(), positions, "evaluation");
			int top = stack.layers().size() - 1;
			long step = input.checkpoint().manifest().step();
			for (String metric : input.metrics()) {
				switch (metric) {
					case LOG_LIKELIHOOD -> {
						LogLikelihood ll = LogLikelihood.of(stack, stack.layers().size(), rows, rows, runs,
								temperatures, input.rng(), step, manager, input.progress());
						if (ll == null) {
							throw new IllegalArgumentException("no log-likelihood for this model");
						}
						Map<String, Object> details = ll.details();
						details.put("examples", positions.length);
						details.put("baseRate", "fitted to the evaluated examples");
						results.add(new Result(metric, ll.method(), ll.value(), ll.lower(), ll.upper(), details));
					}
					case PSEUDO_LOG_LIKELIHOOD -> {
						NDArray x = stack.sampleUp(rows, top, new Noise(input.rng(), step, "pll/", manager));
						results.add(new Result(metric, "exact", RbmMetrics.pseudoLogLikelihood(stack.top(), x), null,
								null, Map.of("examples", positions.length, "layer", top + 1)));
					}
					case RECONSTRUCTION_ERROR -> results
						.add(new Result(metric, "mean-field", RbmMetrics.reconstructionError(stack.layer(0), rows),
								null, null, Map.of("examples", positions.length, "layer", 1)));
					case FREE_ENERGY_GAP -> results.add(freeEnergyGap(input, stack, rows, step, manager));
					case ACCURACY -> {
						if (stack.classifier() == null) {
							throw new IllegalArgumentException(
									"this checkpoint was written before the classifier's fine-tuning began");
						}
						results
							.add(new Result(metric, "exact", StackEvaluation.accuracy(stack, input.examples(), manager),
									null, null, Map.of("examples", input.examples().count())));
					}
					default -> throw new IllegalArgumentException("unknown metric '" + metric + "'");
				}
			}
		}
		input.progress().accept(1.0);
		return results;
	}

	private static Result freeEnergyGap(Input input, RbmStack stack, NDArray rows, long step, NDManager manager) {
		Double train = input.checkpoint().manifest().metrics().get("free_energy_train");
		Double layer = input.checkpoint().manifest().metrics().get("layer");
		int top = stack.layers().size() - 1;
		if (train == null || (layer != null && layer.intValue() != top + 1)) {
			throw new IllegalArgumentException("the checkpoint has no training free energy of its top layer");
		}
		NDArray x = stack.sampleUp(rows, top, new Noise(input.rng(), step, "gap/", manager));
		double evaluated = RbmMetrics.meanFreeEnergy(stack.top(), x);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("freeEnergy", evaluated);
		details.put("trainingFreeEnergy", train);
		details.put("layer", top + 1);
		return new Result(FREE_ENERGY_GAP, "exact", evaluated - train, null, null, details);
	}

	private static int intOption(Map<String, Object> options, String name, int fallback) {
		Object value = options == null ? null : options.get(name);
		if (value == null) {
			return fallback;
		}
		if (value instanceof Number number && number.doubleValue() >= 1 && number.doubleValue() <= 1_000_000
				&& number.doubleValue() == Math.rint(number.doubleValue())) {
			return number.intValue();
		}
		throw new IllegalArgumentException("option " + name + " must be a whole number from 1 to 1,000,000");
	}

}
