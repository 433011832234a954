package dev.latentforge.models.gan;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ImageSymmetry} against the definitions of its elements written as pixel
 * coordinate maps, its gradient, and its place at the end of G.
 */
class ImageSymmetryTests {

	static final int C = 2;

	static final int S = 5;

	/**
	 * Where output pixel (i, j) of element {@code e} reads from, as {row, column} of the
	 * input; the element's bits applied in order, each a map written out by hand.
	 */
	static int[] source(GanSpec.Symmetry symmetry, int e, int i, int j) {
		int[] at = { i, j };
		// Output = T_last(...T_first(x)): undo the last map first.
		for (int bit = symmetry.bits() - 1; bit >= 0; bit--) {
			if ((e >> bit & 1) == 0) {
				continue;
			}
			int r = at[0];
			int c = at[1];
			at = switch (symmetry) {
				case MIRROR -> new int[] { r, S - 1 - c }; // left-right
				case ROTATIONS -> bit == 0 ? new int[] { S - 1 - c, r } // clockwise
																		// quarter turn
						: new int[] { S - 1 - r, S - 1 - c }; // half turn
				case DIHEDRAL -> switch (bit) {
					case 0 -> new int[] { c, r }; // main diagonal
					case 1 -> new int[] { S - 1 - r, c }; // top to bottom
					default -> new int[] { r, S - 1 - c }; // left to right
				};
				case NONE -> throw new IllegalStateException();
			};
		}
		return at;
	}

	/** One latent row per element: component b is +1 when bit b is set, else −1. */
	static float[] latentsForEveryElement(int bits, int size) {
		int n = 1 << bits;
		float[] z = new float[n * size];
		for (int e = 0; e < n; e++) {
			for (int b = 0; b < size; b++) {
				z[e * size + b] = b < bits ? ((e >> b & 1) == 1 ? 1f : -1f) : 0.5f;
			}
		}
		return z;
	}

	@ParameterizedTest
	@EnumSource(value = GanSpec.Symmetry.class, names = { "MIRROR", "ROTATIONS", "DIHEDRAL" })
	void everyElementMovesEachPixelWhereItsDefinitionSays(GanSpec.Symmetry symmetry) {
		int n = 1 << symmetry.bits();
		float[] pixels = uniform(n * C * S * S, 1);
		float[] weights = uniform(n * C * S * S, 2);
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray images = manager.create(pixels, new Shape(n, C, S, S));
			images.setRequiresGradient(true);
			NDArray latents = manager.create(latentsForEveryElement(symmetry.bits(), 4), new Shape(n, 4));
			float[] out;
			float[] gradient;
			try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
				NDArray turned = ImageSymmetry.apply(symmetry, images, latents);
				out = turned.toFloatArray();
				collector.backward(turned.mul(manager.create(weights, new Shape(n, C, S, S))).sum());
			}
			gradient = images.getGradient().toFloatArray();
			float[] expectedGradient = new float[gradient.length];
			Set<String> distinct = new HashSet<>();
			for (int e = 0; e < n; e++) {
				// where each pixel of the element's output reads from
				int[] map = new int[S * S];
				for (int c = 0; c < C; c++) {
					for (int i = 0; i < S; i++) {
						for (int j = 0; j < S; j++) {
							int[] from = source(symmetry, e, i, j);
							int to = ((e * C + c) * S + i) * S + j;
							int read = ((e * C + c) * S + from[0]) * S + from[1];
							assertThat(out[to]).as("%s element %d, channel %d, pixel (%d, %d)", symmetry, e, c, i, j)
								.isEqualTo(pixels[read]);
							expectedGradient[read] += weights[to];
							map[i * S + j] = from[0] * S + from[1];
						}
					}
				}
				distinct.add(Arrays.toString(map));
			}
			assertThat(gradient).as("the gradient goes back to where each pixel came from")
				.containsExactly(expectedGradient);
			assertThat(distinct).as("the %d elements are distinct maps", n).hasSize(n);
		}
	}

	@Test
	void noneAndAZeroComponentLeaveTheImageAsItIs() {
		try (NDManager manager = NDManager.newBaseManager()) {
			NDArray images = manager.create(uniform(C * S * S, 3), new Shape(1, C, S, S));
			NDArray zeros = manager.zeros(new Shape(1, 4));
			assertThat(ImageSymmetry.apply(GanSpec.Symmetry.NONE, images, zeros)).isSameAs(images);
			assertThat(ImageSymmetry.apply(null, images, zeros)).isSameAs(images);
			assertThat(ImageSymmetry.apply(GanSpec.Symmetry.DIHEDRAL, images, zeros).toFloatArray())
				.containsExactly(images.toFloatArray());
		}
	}

	/**
	 * In G, the element follows the sign of z₀: two latents that differ only by ±ε in z₀
	 * give nearly the same raw image, so one output is nearly the other's mirror image
	 * and far from the other itself.
	 */
	@Test
	void theGeneratorMirrorsItsImageWhenTheFirstComponentIsPositive() {
		GanSpec spec = GanTesting
			.spec("\"architecture\":\"dcgan\",\"filters\":8,\"latentSize\":6," + "\"symmetry\":\"mirror\"")
			.resolved(GanTesting.info("tiny", DatasetInfo.DatasetKind.IMAGES, 1, 8, List.of()));
		try (NDManager manager = NDManager.newBaseManager()) {
			Players players = Players.build(spec, false, 1, 8, 8, 0, 0, manager);
			players.generator.net.initialise(new Rng(7));
			float[] z = new float[12];
			float[] base = uniform(6, 4);
			for (int k = 0; k < 6; k++) {
				z[k] = base[k];
				z[6 + k] = base[k];
			}
			z[0] = 1e-4f;
			z[6] = -1e-4f;
			float[][] images = new float[1][];
			GradMode.off(
					() -> images[0] = players.generate(manager.create(z, new Shape(2, 6)), null, false).toFloatArray());
			double mirroredGap = 0;
			double rawGap = 0;
			for (int i = 0; i < 8; i++) {
				for (int j = 0; j < 8; j++) {
					float positive = images[0][i * 8 + j];
					mirroredGap = Math.max(mirroredGap, Math.abs(positive - images[0][64 + i * 8 + 7 - j]));
					rawGap = Math.max(rawGap, Math.abs(positive - images[0][64 + i * 8 + j]));
				}
			}
			assertThat(rawGap)
				.as("z₀ = +ε against z₀ = −ε unmirrored (a freshly initialised G's image is far "
						+ "from mirror-symmetric)")
				.isGreaterThan(1e-3);
			assertThat(mirroredGap).as("z₀ = +ε against the mirror image of z₀ = −ε").isLessThan(rawGap / 100);
		}
	}

	static float[] uniform(int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			out[i] = (float) (2 * random.nextDouble() - 1);
		}
		return out;
	}

}
