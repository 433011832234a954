package dev.latentforge.evaluation.generative;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.models.Examples;
import dev.latentforge.models.Generating;
import dev.latentforge.models.ModelEvaluator.Input;
import dev.latentforge.models.ModelEvaluator.Result;

/**
 * The metrics of {@link GenerativeEvaluator} that need no evaluator network: those on
 * points, per-class accuracy, and per-class diversity.
 */
final class SampleMetrics {

	/** Samples compared per class for diversity (pairs grow with the square). */
	static final int DIVERSITY_PER_CLASS = 200;

	private SampleMetrics() {
	}

	static List<Result> points(Input input, Generating generating, int samples, int k) {
		Examples real = input.examples();
		int dims = real.info().width();
		int realCount = Math.min(samples, real.count());
		int[] positions = java.util.Arrays.copyOf(input.rng().permutation(0, "evaluation/real", real.count()),
				realCount);
		double[][] realPoints = rows(real.values(positions), realCount, dims);
		input.progress().accept(0.2);
		float[] generated = GenerativeEvaluator.generate(generating, input, samples, null);
		double[][] fakePoints = rows(generated, samples, dims);
		input.progress().accept(0.8);
		int modes = GenerativeEvaluator.intOption(input, "modes", 8, 1, 1000);
		double radius = GenerativeEvaluator.doubleOption(input, "radius", 2.0, 1e-6, 1e6);
		double sigma = GenerativeEvaluator.doubleOption(input, "sigma", 0.02, 1e-9, 1e6);
		double minShare = GenerativeEvaluator.doubleOption(input, "minShare", 0.01, 0, 1);
		RingModes.Result ring = null;
		PrecisionRecall.Result pr = null;
		List<Result> results = new ArrayList<>();
		for (String metric : input.metrics()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("samples", samples);
			details.put("realSamples", realCount);
			switch (metric) {
				case GenerativeEvaluator.MODES_COVERED, GenerativeEvaluator.HIGH_QUALITY -> {
					if (ring == null) {
						ring = RingModes.of(fakePoints, RingModes.centres(modes, radius), sigma, minShare);
					}
					details.put("modes", modes);
					details.put("radius", radius);
					details.put("sigma", sigma);
					details.put("minShare", minShare);
					details.put("perMode", ring.perMode());
					boolean covered = metric.equals(GenerativeEvaluator.MODES_COVERED);
					results.add(new Result(metric, "ring-3-sigma",
							covered ? ring.modesCovered() : ring.highQualityFraction(), null, null, details));
				}
				case GenerativeEvaluator.FRECHET -> results.add(new Result(metric, "raw-coordinates",
						FrechetDistance.of(realPoints, fakePoints), null, null, details));
				case GenerativeEvaluator.PRECISION, GenerativeEvaluator.RECALL -> {
					if (pr == null) {
						pr = PrecisionRecall.of(realPoints, fakePoints, k);
					}
					details.put("k", k);
					results.add(new Result(metric, "knn-manifold",
							metric.equals(GenerativeEvaluator.PRECISION) ? pr.precision() : pr.recall(), null, null,
							details));
				}
				default -> throw new IllegalArgumentException(
						"metric '" + metric + "' needs labelled images; this data set holds points");
			}
		}
		input.progress().accept(1);
		return results;
	}

	static double[][] rows(float[] values, int count, int width) {
		double[][] out = new double[count][width];
		for (int i = 0; i < count; i++) {
			for (int j = 0; j < width; j++) {
				out[i][j] = values[i * width + j];
			}
		}
		return out;
	}

	/** Conditional accuracy per requested class, as details. */
	static Map<String, Object> perClassAccuracy(double[][] probabilities, int[] requested, List<String> classes) {
		int[] hits = new int[classes.size()];
		int[] counts = new int[classes.size()];
		for (int i = 0; i < requested.length; i++) {
			counts[requested[i]]++;
			if (ClassifierScores.argmax(probabilities[i]) == requested[i]) {
				hits[requested[i]]++;
			}
		}
		Map<String, Object> perClass = new LinkedHashMap<>();
		for (int c = 0; c < classes.size(); c++) {
			if (counts[c] > 0) {
				perClass.put(classes.get(c), (double) hits[c] / counts[c]);
			}
		}
		return Map.of("perClass", perClass);
	}

	/**
	 * Diversity.
	 *
	 * @param mean the mean over classes of the ratio
	 * @param minimum the smallest class ratio
	 * @param perClass each class's ratio
	 */
	record Diversity(double mean, double minimum, Map<String, Double> perClass) {
	}

	/**
	 * Per class, the mean pairwise distance of generated features over that of real
	 * features (up to {@link #DIVERSITY_PER_CLASS} of each): 1 when samples of a class
	 * vary as much as the data, 0 when a class collapses to one image.
	 */
	static Diversity diversity(double[][] real, int[] realLabels, double[][] fake, int[] fakeGroups,
			List<String> classes) {
		Map<String, Double> perClass = new LinkedHashMap<>();
		double sum = 0;
		double minimum = Double.MAX_VALUE;
		for (int c = 0; c < classes.size(); c++) {
			double realSpread = meanPairwiseDistance(real, realLabels, c);
			double fakeSpread = meanPairwiseDistance(fake, fakeGroups, c);
			if (Double.isNaN(realSpread) || Double.isNaN(fakeSpread) || realSpread == 0) {
				continue;
			}
			double ratio = fakeSpread / realSpread;
			perClass.put(classes.get(c), ratio);
			sum += ratio;
			minimum = Math.min(minimum, ratio);
		}
		if (perClass.isEmpty()) {
			throw new IllegalArgumentException("no class has two real and two generated samples to compare");
		}
		return new Diversity(sum / perClass.size(), minimum, perClass);
	}

	static double meanPairwiseDistance(double[][] rows, int[] groups, int group) {
		List<double[]> members = new ArrayList<>();
		for (int i = 0; i < rows.length && members.size() < DIVERSITY_PER_CLASS; i++) {
			if (groups[i] == group) {
				members.add(rows[i]);
			}
		}
		if (members.size() < 2) {
			return Double.NaN;
		}
		double sum = 0;
		long pairs = 0;
		for (int i = 0; i < members.size(); i++) {
			for (int j = i + 1; j < members.size(); j++) {
				sum += Math.sqrt(PrecisionRecall.squaredDistance(members.get(i), members.get(j)));
				pairs++;
			}
		}
		return sum / pairs;
	}

}
