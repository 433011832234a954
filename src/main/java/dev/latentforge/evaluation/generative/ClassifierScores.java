package dev.latentforge.evaluation.generative;

/**
 * Scores computed from the evaluator network's class probabilities of generated images.
 */
public final class ClassifierScores {

	private ClassifierScores() {
	}

	/**
	 * The Inception-score analogue (Salimans et al. 2016) with our evaluator as the
	 * classifier: exp(E_x KL(p(y|x) ‖ p(y))), p(y) the mean of p(y|x) over the samples.
	 * It lies between 1 (every sample gets the same class distribution) and the number of
	 * classes (each sample confidently one class, the classes used equally).
	 */
	public static double classifierScore(double[][] probabilities) {
		int n = probabilities.length;
		int classes = probabilities[0].length;
		double[] marginal = new double[classes];
		for (double[] p : probabilities) {
			for (int c = 0; c < classes; c++) {
				marginal[c] += p[c] / n;
			}
		}
		double kl = 0;
		for (double[] p : probabilities) {
			for (int c = 0; c < classes; c++) {
				if (p[c] > 0) {
					kl += p[c] * (Math.log(p[c]) - Math.log(marginal[c]));
				}
			}
		}
		return Math.exp(kl / n);
	}

	/**
	 * The share of samples whose most probable class is the class they were generated
	 * for.
	 */
	public static double conditionalAccuracy(double[][] probabilities, int[] requested) {
		int hits = 0;
		for (int i = 0; i < probabilities.length; i++) {
			if (argmax(probabilities[i]) == requested[i]) {
				hits++;
			}
		}
		return (double) hits / probabilities.length;
	}

	public static int argmax(double[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

}
