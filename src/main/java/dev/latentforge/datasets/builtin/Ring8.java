package dev.latentforge.datasets.builtin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo.DatasetKind;
import dev.latentforge.tensors.Tensor;

import org.springframework.stereotype.Component;

/**
 * Generates {@code ring-8}, the 2-D mixture that GAN papers use to show mode collapse
 * (Metz et al., <i>Unrolled Generative Adversarial Networks</i>, 2017): eight Gaussians
 * with standard deviation 0.02 centred on the circle of radius 2 at angles 2πk/8. Points
 * are float32 [N, 2]; the mode is the label ({@code mode-0} .. {@code mode-7}, balanced
 * to within one). 10,000 train and 2,500 test points.
 */
@Component
public class Ring8 implements BuiltinDataset {

	static final int MODES = 8;

	static final double RADIUS = 2.0;

	static final double SIGMA = 0.02;

	private static final long SEED = 0x818E8L;

	@Override
	public String id() {
		return "ring-8";
	}

	@Override
	public int version() {
		return 1;
	}

	@Override
	public Content generate() {
		Map<String, SplitData> splits = new LinkedHashMap<>();
		splits.put("train", split(10_000, new SplittableRandom(SEED)));
		splits.put("test", split(2_500, new SplittableRandom(SEED + 1)));
		List<String> classes = IntStream.range(0, MODES).mapToObj((k) -> "mode-" + k).toList();
		return new Content(BuiltinDataset.describe(this, "Ring of 8 Gaussians", DatasetKind.POINTS, 1, 1, 2, 32,
				classes, List.of()), splits);
	}

	/** The centre of mode k. */
	static double[] centre(int k) {
		double angle = 2 * Math.PI * k / MODES;
		return new double[] { RADIUS * StrictMath.cos(angle), RADIUS * StrictMath.sin(angle) };
	}

	private static SplitData split(int count, SplittableRandom random) {
		int[] labels = BuiltinRandom.balancedLabels(count, MODES, random);
		float[] points = new float[2 * count];
		for (int i = 0; i < count; i++) {
			double[] centre = centre(labels[i]);
			double[] noise = BuiltinRandom.gaussianPair(random);
			points[2 * i] = (float) (centre[0] + SIGMA * noise[0]);
			points[2 * i + 1] = (float) (centre[1] + SIGMA * noise[1]);
		}
		return new SplitData(Tensor.ofFloats(new int[] { count, 2 }, points), labels, null);
	}

}
