package dev.latentforge.generation;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Seeded latent draws, truncation, interpolation and averages. */
class LatentsTests {

	@Test
	void rowsDependOnlyOnSeedAndRow() {
		float[] ten = Latents.draw(42, 10, 16, null);
		float[] three = Latents.draw(42, 3, 16, null);
		assertThat(Arrays.copyOf(ten, 48)).isEqualTo(three);
		assertThat(Latents.draw(43, 3, 16, null)).isNotEqualTo(three);
		assertThat(Latents.one(42, 16, null)).isEqualTo(Arrays.copyOf(ten, 16));
		// standard normal draws
		float[] many = Latents.draw(1, 2000, 16, null);
		double sum = 0;
		double squares = 0;
		for (float z : many) {
			sum += z;
			squares += z * z;
		}
		assertThat(sum / many.length).isCloseTo(0, within(0.02));
		assertThat(squares / many.length).isCloseTo(1, within(0.03));
	}

	@Test
	void truncationRedrawsComponentsAboveTheBound() {
		float[] plain = Latents.draw(7, 500, 32, null);
		float[] truncated = Latents.draw(7, 500, 32, 0.5);
		int large = 0;
		for (int i = 0; i < plain.length; i++) {
			assertThat(Math.abs(truncated[i])).isLessThanOrEqualTo(0.5f);
			if (Math.abs(plain[i]) > 0.5f) {
				large++;
			}
			else if (i < 32) {
				// a component under the bound keeps its first draw until an earlier one
				// of
				// the row was redrawn: the first component of row 0 is either kept or
				// redrawn
				assertThat(truncated[0] == plain[0] || Math.abs(plain[0]) > 0.5f).isTrue();
			}
		}
		// about 62% of standard normal draws exceed 0.5
		assertThat((double) large / plain.length).isCloseTo(0.617, within(0.02));
	}

	@Test
	void lerpAndSlerpKeepTheEndsAndSlerpFollowsTheArc() {
		float[] a = { 1, 0 };
		float[] b = { 0, 1 };
		float[] lerp = Latents.interpolate(a, b, 3, false);
		assertThat(lerp).containsExactly(1, 0, 0.5f, 0.5f, 0, 1);
		float[] slerp = Latents.interpolate(a, b, 3, true);
		assertThat(slerp[0]).isEqualTo(1f);
		assertThat(slerp[2]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
		assertThat(slerp[3]).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
		assertThat(slerp[4]).isCloseTo(0f, within(1e-6f));
		assertThat(slerp[5]).isCloseTo(1f, within(1e-6f));
		// parallel ends fall back to lerp
		assertThat(Latents.interpolate(a, new float[] { 2, 0 }, 3, true)).containsExactly(1, 0, 1.5f, 0, 2, 0);
	}

	@Test
	void meanAveragesTheFirstRowsOfTheSeeds() {
		float[] mean = Latents.mean(List.of(1L, 2L, 3L), 4, null);
		float[] one = Latents.one(1, 4, null);
		float[] two = Latents.one(2, 4, null);
		float[] three = Latents.one(3, 4, null);
		for (int k = 0; k < 4; k++) {
			assertThat(mean[k]).isCloseTo((one[k] + two[k] + three[k]) / 3, within(1e-6f));
		}
	}

}
