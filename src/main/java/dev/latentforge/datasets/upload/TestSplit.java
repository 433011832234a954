package dev.latentforge.datasets.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Holds out a fraction of the examples as a test split, deterministically for a seed and
 * stratified by class when there are labels: each class, in label order, gives up
 * {@code round(fraction · its count)} of its examples, chosen by a shuffle. Both splits
 * keep the original order of their examples.
 */
final class TestSplit {

	private TestSplit() {
	}

	/**
	 * Chooses the test examples.
	 * @param count the number of examples
	 * @param labels their labels, or {@code null} when unlabelled
	 * @param fraction the fraction to hold out, in (0, 1)
	 * @param seed the seed of the shuffle
	 * @return the indices of the train and the test examples, each ascending
	 */
	static int[][] choose(int count, int[] labels, double fraction, long seed) {
		List<List<Integer>> groups = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int group = (labels != null) ? labels[i] : 0;
			while (groups.size() <= group) {
				groups.add(new ArrayList<>());
			}
			groups.get(group).add(i);
		}
		SplittableRandom random = new SplittableRandom(seed);
		boolean[] test = new boolean[count];
		int tests = 0;
		for (List<Integer> group : groups) {
			int[] members = group.stream().mapToInt(Integer::intValue).toArray();
			for (int i = members.length - 1; i > 0; i--) {
				int j = random.nextInt(i + 1);
				int swap = members[i];
				members[i] = members[j];
				members[j] = swap;
			}
			int held = (int) Math.round(fraction * members.length);
			for (int i = 0; i < held; i++) {
				test[members[i]] = true;
			}
			tests += held;
		}
		int[] trainRows = new int[count - tests];
		int[] testRows = new int[tests];
		for (int i = 0, a = 0, b = 0; i < count; i++) {
			if (test[i]) {
				testRows[b++] = i;
			}
			else {
				trainRows[a++] = i;
			}
		}
		return new int[][] { trainRows, testRows };
	}

}
