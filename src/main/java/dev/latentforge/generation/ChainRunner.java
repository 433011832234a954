package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.analysis.ChainDiagnostics;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ChainSampling;

/**
 * Runs a batch of Markov chains of a {@link ChainSampling} model on the calling thread
 * (an inference thread, grad mode off): starts them, makes {@code steps} transitions,
 * re-clamps known pixels after every transition when masks are given, keeps every
 * {@code thin}-th frame after {@code burnIn}, and traces two summary statistics of each
 * chain's sample for the convergence diagnostics: its mean intensity and its
 * root-mean-square distance from the chain's start.
 * <p>
 * Each transition runs inside an {@link NDScope}, so what a step creates is freed when it
 * ends, except the chain's visible state ({@code images(false)} and {@code images(true)},
 * which the runner keeps) and whatever else the chain keeps with
 * {@link NDScope#unregister}. The visible state a chain has moved on from is closed after
 * the next step, so memory stays flat however long the chain runs. The arrays of the
 * request (start, masks, known pixels) live in a sub-manager of the model's manager,
 * closed when the run ends.
 */
final class ChainRunner {

	static final String MEAN_INTENSITY = "meanIntensity";

	static final String DISTANCE_TO_START = "distanceToStart";

	private ChainRunner() {
	}

	/**
	 * What to run.
	 *
	 * @param chains the number of chains
	 * @param steps the transitions per chain
	 * @param burnIn the transitions discarded before the first kept frame
	 * @param thin keep every thin-th frame after burn-in
	 * @param returnMeans keep the means of the distributions drawn from instead of the
	 * draws
	 * @param seed the seed of every draw
	 */
	record Plan(int chains, int steps, int burnIn, int thin, boolean returnMeans, long seed) {

		/**
		 * The number of frames kept: steps burnIn+thin, burnIn+2·thin, ... up to steps.
		 */
		int kept() {
			return (this.steps - this.burnIn) / this.thin;
		}

		boolean keeps(long step) {
			return step > this.burnIn && (step - this.burnIn) % this.thin == 0;
		}

	}

	/**
	 * What a run produced.
	 *
	 * @param frames the kept frames, [frames, chains, C, H, W] concatenated
	 * @param frameSteps the step of each kept frame
	 * @param last the chains' final state as kept (means or draws), [chains, C, H, W]
	 * @param diagnostics the diagnostics of each summary statistic over the kept frames
	 */
	record Output(float[] frames, long[] frameSteps, float[] last, Map<String, ChainDiagnostics.Result> diagnostics) {
	}

	/**
	 * Runs the chains.
	 * @param sampling the model
	 * @param modelManager the model's manager
	 * @param plan what to run
	 * @param image the shape of one image (C, H, W)
	 * @param start start images [chains, C, H, W] or {@code null} for the model's own
	 * start
	 * @param known the known pixels [chains, C, H, W], or {@code null} without clamping
	 * @param mask 1 where a pixel is known, [chains, C, H, W], or {@code null}
	 * @return the frames and diagnostics
	 */
	static Output run(ChainSampling sampling, NDManager modelManager, Plan plan, Shape image, float[] start,
			float[] known, float[] mask) {
		Shape batch = new Shape(plan.chains()).addAll(image);
		int size = Math.toIntExact(image.size());
		int frameSize = plan.chains() * size;
		Rng rng = new Rng(plan.seed());
		float[] frames = new float[plan.kept() * frameSize];
		long[] frameSteps = new long[plan.kept()];
		double[][] intensity = new double[plan.chains()][plan.kept()];
		double[][] distance = new double[plan.chains()][plan.kept()];
		float[] last = null;
		try (NDManager manager = modelManager.newSubManager()) {
			NDArray startArray = start == null ? null : manager.create(start, batch);
			NDArray knownArray = known == null ? null : manager.create(known, batch);
			NDArray maskArray = mask == null ? null : manager.create(mask, batch);
			ChainSampling.Chain chain = sampling.start(manager, plan.chains(), startArray, rng);
			if (knownArray != null) {
				chain.clamp(knownArray, maskArray);
			}
			float[] origin = chain.images(false).toFloatArray();
			java.util.Set<NDArray> keep = identitySet(startArray, knownArray, maskArray);
			java.util.Set<NDArray> visible = identitySet(chain.images(false), chain.images(true));
			int kept = 0;
			for (long step = 1; step <= plan.steps(); step++) {
				java.util.Set<NDArray> current;
				try (NDScope scope = new NDScope()) {
					chain.step(step, rng);
					if (knownArray != null) {
						chain.clamp(knownArray, maskArray);
					}
					NDArray state = chain.images(false);
					NDArray means = chain.images(true);
					NDScope.unregister(state, means);
					current = identitySet(state, means);
					if (plan.keeps(step) || step == plan.steps()) {
						float[] draws = chain.images(false).toFloatArray();
						float[] shown = plan.returnMeans() ? chain.images(true).toFloatArray() : draws;
						if (plan.keeps(step)) {
							System.arraycopy(shown, 0, frames, kept * frameSize, frameSize);
							frameSteps[kept] = step;
							trace(draws, origin, size, intensity, distance, kept);
							kept++;
						}
						if (step == plan.steps()) {
							last = shown;
						}
					}
				}
				// the visible state the chain has moved on from: free it now rather than
				// with the request
				for (NDArray previous : visible) {
					if (!current.contains(previous) && !keep.contains(previous)) {
						previous.close();
					}
				}
				visible = current;
			}
		}
		Map<String, ChainDiagnostics.Result> diagnostics = new LinkedHashMap<>();
		diagnostics.put(MEAN_INTENSITY, ChainDiagnostics.of(intensity));
		diagnostics.put(DISTANCE_TO_START, ChainDiagnostics.of(distance));
		return new Output(frames, frameSteps, last, diagnostics);
	}

	private static java.util.Set<NDArray> identitySet(NDArray... arrays) {
		java.util.Set<NDArray> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
		for (NDArray array : arrays) {
			if (array != null) {
				out.add(array);
			}
		}
		return out;
	}

	private static void trace(float[] draws, float[] origin, int size, double[][] intensity, double[][] distance,
			int frame) {
		for (int c = 0; c < intensity.length; c++) {
			double sum = 0;
			double squared = 0;
			for (int k = c * size; k < (c + 1) * size; k++) {
				sum += draws[k];
				double d = draws[k] - origin[k];
				squared += d * d;
			}
			intensity[c][frame] = sum / size;
			distance[c][frame] = Math.sqrt(squared / size);
		}
	}

	/** The frames as one list of images, frame after frame, chain after chain. */
	static List<float[]> tiles(float[] frames, int count, int size) {
		List<float[]> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			out.add(java.util.Arrays.copyOfRange(frames, i * size, (i + 1) * size));
		}
		return out;
	}

}
