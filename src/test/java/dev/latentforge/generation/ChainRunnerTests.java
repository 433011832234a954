package dev.latentforge.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ChainSampling;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain runner over a known chain: each value follows x' = 0.8·x + 0.1 + 0.1·ε,
 * clipped to [0, 1] (stationary mean 0.5), so chains started at 0 and at 1 disagree at
 * first and agree after a burn-in.
 */
class ChainRunnerTests {

	static final class ArChain implements ChainSampling {

		int steps;

		@Override
		public Chain start(NDManager manager, int chains, NDArray start, Rng rng) {
			float[] values = new float[chains * 4];
			for (int c = 0; c < chains; c++) {
				// half of the chains start at 0, half at 1
				java.util.Arrays.fill(values, c * 4, (c + 1) * 4, c % 2);
			}
			NDArray state = start != null ? start.duplicate() : manager.create(values, new Shape(chains, 1, 2, 2));
			return new Chain() {

				NDArray current = state;

				@Override
				public void step(long step, Rng rng) {
					ArChain.this.steps++;
					NDArray noise = this.current.getManager()
						.create(rng.gaussian(step, "ar", (int) this.current.size(), 0.1f), this.current.getShape());
					NDArray next = this.current.mul(0.8f).add(0.1f).add(noise).clip(0f, 1f);
					// neither unregistered nor closing the old state: the runner keeps
					// and frees
					// the visible state
					this.current = next;
				}

				@Override
				public NDArray images(boolean means) {
					return means ? this.current.mul(0.8f).add(0.1f) : this.current;
				}

				@Override
				public void clamp(NDArray known, NDArray mask) {
					NDArray next = this.current.mul(mask.neg().add(1f)).add(known.mul(mask));
					// neither unregistered nor closing the old state: the runner keeps
					// and frees
					// the visible state
					this.current = next;
				}
			};
		}

	}

	static final Shape IMAGE = new Shape(1, 2, 2);

	@Test
	void keepsThinnedFramesAfterBurnInAndDiagnosesConvergence() {
		try (NDManager manager = NDManager.newBaseManager()) {
			ArChain model = new ArChain();
			ChainRunner.Output early = ChainRunner.run(model, manager, new ChainRunner.Plan(4, 8, 0, 1, false, 1),
					IMAGE, null, null, null);
			assertThat(model.steps).isEqualTo(8);
			assertThat(early.frameSteps()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
			// started at 0 and 1 and still remembering it
			assertThat(early.diagnostics().get(ChainRunner.MEAN_INTENSITY).rhat()).isGreaterThan(1.2);
			ChainRunner.Output late = ChainRunner.run(model, manager, new ChainRunner.Plan(4, 1000, 100, 3, false, 1),
					IMAGE, null, null, null);
			assertThat(late.frameSteps()).hasSize(300);
			assertThat(late.frameSteps()[0]).isEqualTo(103);
			assertThat(late.frames()).hasSize(300 * 4 * 4);
			assertThat(late.diagnostics().get(ChainRunner.MEAN_INTENSITY).rhat()).isLessThan(1.05);
			assertThat(late.diagnostics().get(ChainRunner.MEAN_INTENSITY).ess()).isGreaterThan(100.0);
			for (float value : late.frames()) {
				assertThat(value).isBetween(0f, 1f);
			}
		}
	}

	@Test
	void sameSeedSameFramesAndKnownPixelsStayClamped() {
		try (NDManager manager = NDManager.newBaseManager()) {
			float[] known = { 0.25f, 0.9f, 0.5f, 0.1f, 0.75f, 0.3f, 0.6f, 0.2f };
			float[] mask = { 1, 0, 0, 1, 0, 1, 1, 0 };
			ChainRunner.Plan plan = new ChainRunner.Plan(2, 20, 0, 1, false, 9);
			ChainRunner.Output one = ChainRunner.run(new ArChain(), manager, plan, IMAGE, known, known, mask);
			ChainRunner.Output two = ChainRunner.run(new ArChain(), manager, plan, IMAGE, known, known, mask);
			assertThat(one.frames()).isEqualTo(two.frames());
			int frameSize = 8;
			boolean unknownMoved = false;
			for (int f = 0; f < 20; f++) {
				for (int i = 0; i < frameSize; i++) {
					float value = one.frames()[f * frameSize + i];
					if (mask[i] == 1) {
						assertThat(value).isEqualTo(known[i]);
					}
					else {
						unknownMoved |= value != known[i];
					}
				}
			}
			assertThat(unknownMoved).isTrue();
			ChainRunner.Output other = ChainRunner.run(new ArChain(), manager,
					new ChainRunner.Plan(2, 20, 0, 1, false, 10), IMAGE, known, known, mask);
			assertThat(other.frames()).isNotEqualTo(one.frames());
		}
	}

}
