package dev.latentforge.generation;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import dev.latentforge.web.ApiException;
import dev.latentforge.web.FieldProblem;
import dev.latentforge.web.ProblemType;

/**
 * Checks the settings of a chain request against each other and the service's limits:
 * each bad value is a 400 naming its field; a request whose size (chains × steps ×
 * pixels, or the frames it would return) exceeds the limits is a 413 that says by how
 * much.
 */
final class ChainRequests {

	private static final SecureRandom SEEDS = new SecureRandom();

	private ChainRequests() {
	}

	static long seedOrNew(Long seed) {
		return seed != null ? seed : SEEDS.nextInt(Integer.MAX_VALUE);
	}

	static ChainRunner.Plan plan(Integer chains, Integer steps, Integer burnIn, Integer thin, Boolean returnMeans,
			Long seed, int defaultSteps, boolean defaultMeans, int imageValues, ChainProperties limits) {
		int c = chains != null ? chains : 4;
		int s = steps != null ? steps : defaultSteps;
		int b = burnIn != null ? burnIn : 0;
		int t = thin != null ? thin : 1;
		List<FieldProblem> problems = new ArrayList<>();
		if (c < 1 || c > limits.maxChains()) {
			problems.add(new FieldProblem("chains", "must be between 1 and " + limits.maxChains()));
		}
		if (s < 1 || s > limits.maxSteps()) {
			problems.add(new FieldProblem("steps", "must be between 1 and " + limits.maxSteps()));
		}
		if (b < 0 || (s >= 1 && b >= s)) {
			problems.add(new FieldProblem("burnIn", "must be at least 0 and less than steps (" + s + ")"));
		}
		if (t < 1) {
			problems.add(new FieldProblem("thin", "must be at least 1"));
		}
		if (problems.isEmpty() && (s - b) / t < 1) {
			problems.add(new FieldProblem("thin",
					"keeps no frame: (steps - burnIn) / thin = (" + s + " - " + b + ") / " + t + " < 1"));
		}
		if (!problems.isEmpty()) {
			throw ApiException.invalid(problems);
		}
		long work = (long) c * s * imageValues;
		if (work > limits.maxWork()) {
			throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
					"chains × steps × values per image = " + c + " × " + s + " × " + imageValues + " = " + work
							+ " exceeds this service's limit of " + limits.maxWork()
							+ "; use fewer chains or steps (latentforge.generation.chains.max-work)")
				.with("limit", limits.maxWork());
		}
		long frameValues = (long) c * ((s - b) / t) * imageValues;
		if (frameValues > limits.maxFrameValues()) {
			throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
					"the response would carry chains × frames × values per image = " + c + " × " + ((s - b) / t) + " × "
							+ imageValues + " = " + frameValues + " values, more than the limit of "
							+ limits.maxFrameValues() + "; raise thin or burnIn, or use fewer chains")
				.with("limit", limits.maxFrameValues());
		}
		return new ChainRunner.Plan(c, s, b, t, returnMeans != null ? returnMeans : defaultMeans, seedOrNew(seed));
	}

}
