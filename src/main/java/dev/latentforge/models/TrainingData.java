package dev.latentforge.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Rng;

/**
 * The examples a job trains on and those it is evaluated on, and which examples form each
 * step's batch. Batches are a deterministic function of (seed, step): the epoch's
 * permutation is drawn from the counter-based stream {@code "shuffle"} keyed by the
 * epoch, so a resumed job sees the same batches as the uninterrupted run without saving a
 * data cursor beyond the step.
 *
 * <p>
 * Held-out examples: the data set's {@code test} split (same class filter; when it holds
 * more than {@link #MAX_VALIDATION}, a sample of that many drawn with a fixed seed, so
 * that every job on the same data and classes is checked on the same examples, and a
 * split stored class by class still gives every class) when training on {@code train} and
 * a test split exists; otherwise a seeded tenth of the selected examples, excluded from
 * training.
 */
public final class TrainingData {

	public static final int MAX_VALIDATION = 1000;

	private final Examples train;

	private final Examples validation;

	private final int batchSize;

	private final Rng rng;

	private TrainingData(Examples train, Examples validation, int batchSize, Rng rng) {
		this.train = train;
		this.validation = validation;
		this.batchSize = batchSize;
		this.rng = rng;
	}

	public static TrainingData load(Path datasetDir, DataSelection selection, int batchSize, Rng rng)
			throws IOException {
		DatasetInfo info = DatasetFiles.readInfo(datasetDir);
		DataSelection sel = selection.resolved();
		DatasetFiles.SplitData split = DatasetFiles.readSplit(datasetDir, sel.split());
		int[] chosen = choose(info, split, sel);
		Examples validation;
		int[] trainIndices;
		if (sel.split().equals("train") && info.splits().containsKey("test")) {
			DatasetFiles.SplitData test = DatasetFiles.readSplit(datasetDir, "test");
			int[] held = sampleOf(choose(info, test, new DataSelection("test", sel.classes(), null)));
			validation = new Examples(info, test.images(), test.labels(), held, test.attributes());
			trainIndices = chosen;
		}
		else {
			int[] order = rng.permutation(0, "holdout", chosen.length);
			int heldCount = heldOutCount(chosen.length);
			int[] held = new int[heldCount];
			trainIndices = new int[chosen.length - heldCount];
			for (int i = 0; i < chosen.length; i++) {
				if (i < heldCount) {
					held[i] = chosen[order[i]];
				}
				else {
					trainIndices[i - heldCount] = chosen[order[i]];
				}
			}
			java.util.Arrays.sort(held);
			java.util.Arrays.sort(trainIndices);
			validation = new Examples(info, split.images(), split.labels(), held, split.attributes());
		}
		Examples train = new Examples(info, split.images(), split.labels(), trainIndices, split.attributes());
		if (train.count() < batchSize) {
			throw new IllegalArgumentException(
					"batch size " + batchSize + " is larger than the " + train.count() + " training examples");
		}
		return new TrainingData(train, validation, batchSize, rng);
	}

	/**
	 * How many examples a selection keeps, from the data set's metadata alone.
	 * @param info the data set
	 * @param selection the selection (split, classes, limit)
	 * @return the count
	 */
	public static int selectedCount(DatasetInfo info, DataSelection selection) {
		DatasetInfo.SplitInfo split = info.splits().get(selection.split());
		int count = split.count();
		if (selection.classes() != null && !selection.classes().isEmpty()) {
			count = 0;
			for (String name : java.util.Set.copyOf(selection.classes())) {
				count += split.classCounts().get(info.classes().indexOf(name));
			}
		}
		return selection.limit() != null ? Math.min(count, selection.limit()) : count;
	}

	/**
	 * How many of the selected examples are trained on (the others are held out when the
	 * data set has no test split to evaluate on).
	 * @param info the data set
	 * @param selection the selection
	 * @return the count
	 */
	public static int trainingCount(DatasetInfo info, DataSelection selection) {
		int selected = selectedCount(info, selection);
		if (selection.split().equals("train") && info.splits().containsKey("test")) {
			return selected;
		}
		return selected - heldOutCount(selected);
	}

	/**
	 * At most {@link #MAX_VALIDATION} of a split's chosen indices: all of them, or a
	 * sample drawn from a fixed stream (independent of the job's seed), in stored order.
	 */
	static int[] sampleOf(int[] chosen) {
		if (chosen.length <= MAX_VALIDATION) {
			return chosen;
		}
		int[] order = new Rng(0).permutation(0, "holdout/test", chosen.length);
		int[] held = new int[MAX_VALIDATION];
		for (int i = 0; i < held.length; i++) {
			held[i] = chosen[order[i]];
		}
		java.util.Arrays.sort(held);
		return held;
	}

	static int heldOutCount(int selected) {
		return Math.max(1, Math.min(MAX_VALIDATION, selected / 10));
	}

	/**
	 * The stored indices a selection keeps, in stored order.
	 * @param info the data set
	 * @param split the split's arrays
	 * @param selection the selection
	 * @return the kept indices
	 */
	public static int[] choose(DatasetInfo info, DatasetFiles.SplitData split, DataSelection selection) {
		boolean[] keepClass = null;
		if (selection.classes() != null && !selection.classes().isEmpty()) {
			keepClass = new boolean[info.classes().size()];
			for (String name : selection.classes()) {
				int index = info.classes().indexOf(name);
				if (index < 0) {
					throw new IllegalArgumentException("unknown class '" + name + "'");
				}
				keepClass[index] = true;
			}
		}
		int limit = selection.limit() != null ? selection.limit() : Integer.MAX_VALUE;
		List<Integer> kept = new ArrayList<>();
		for (int i = 0; i < split.count() && kept.size() < limit; i++) {
			if (keepClass == null || keepClass[split.labels()[i]]) {
				kept.add(i);
			}
		}
		return kept.stream().mapToInt(Integer::intValue).toArray();
	}

	public Examples train() {
		return this.train;
	}

	public Examples validation() {
		return this.validation;
	}

	public int batchSize() {
		return this.batchSize;
	}

	public long stepsPerEpoch() {
		return Math.max(1, this.train.count() / this.batchSize);
	}

	/** The 0-based epoch of a 1-based step. */
	public long epoch(long step) {
		return (step - 1) / stepsPerEpoch();
	}

	/** The positions (into {@link #train()}) of a step's batch. */
	public int[] batchPositions(long step) {
		long epoch = epoch(step);
		int inEpoch = (int) ((step - 1) % stepsPerEpoch());
		int[] permutation = permutation(epoch);
		int[] out = new int[this.batchSize];
		System.arraycopy(permutation, inEpoch * this.batchSize, out, 0, this.batchSize);
		return out;
	}

	private long cachedEpoch = -1;

	private int[] cachedPermutation;

	private int[] permutation(long epoch) {
		if (epoch != this.cachedEpoch) {
			this.cachedPermutation = this.rng.permutation(epoch, "shuffle", this.train.count());
			this.cachedEpoch = epoch;
		}
		return this.cachedPermutation;
	}

}
