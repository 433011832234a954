package dev.latentforge.models.gan;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.latentforge.datasets.builtin.Ring8;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.TrainingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short WGAN-GP run on {@code ring-8} (the MLP players, defaults of the loss: λ 10, 5
 * critic steps, Adam β = (0, 0.9); learning rate {@value #LR} for both players, batch
 * 128, {@value #STEPS} steps). What "behaves" means here: the critic's Wasserstein
 * estimate mean C(x) − mean C(G(z)) stays positive and ends well below its peak as G
 * closes the gap, the gradient penalty stays small (the critic is kept near 1-Lipschitz
 * rather than blowing up), and G reaches every part of the ring: at least 6 of the 8
 * modes hold 1% of 2,500 samples within 10σ (0.2) of their centre. "Small" for the
 * penalty λ·E[(‖∇‖ − 1)²] with λ = 10 means below 0.25 over the last 100 steps: the
 * critic's gradient norm stays within about 0.16 (root mean square) of 1, where a critic
 * that blows up has penalties of order 1 and more (0.49 at the start of this run).
 * Measured here (seed 1, one thread, 46 s on a loaded machine): the estimate (100-step
 * means) peaks at 0.89 over the first 100 steps, dips, rises to 0.77 near step 900 and
 * then falls steadily to 0.33; the penalty falls from 0.49 to 0.06; 8 modes at 10σ with
 * 83% of samples within 10σ; at the 3σ no mode and 3% of samples. (At lr 1e-3 and
 * 1,500 steps the trajectory was chaotic: the same code ended at 0.37 of a 0.75 peak on
 * one machine, at 0.45 of 0.61 on another, and diverged on a third run; at lr 5e-4 it
 * declines smoothly, with a margin to the 0.5 bound.) So this run does not meet the
 * ring-8 target of {@link GanRing8Tests} (WGAN-GP concentrates slowly on σ = 0.02 modes
 * at this budget), which the minimax configuration meets.
 */
class WassersteinGpRing8Tests {

	static final int STEPS = Integer.getInteger("gp.steps", 3000);

	static final String LR = "5e-4";

	@TempDir
	Path dir;

	@Test
	void theCriticsEstimateFallsAndTheGeneratorReachesTheRing() throws Exception {
		GanTesting.oneThread();
		Path data = GanTesting.write(new Ring8(), this.dir.resolve("ring-8"));
		String fields = "\"loss\":\"wasserstein-gp\",\"generator\":{\"learningRate\":" + LR
				+ "},\"discriminator\":{\"learningRate\":" + LR + "}";
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, null, GanTesting.spec(fields), 128, STEPS, 1, manager);
			GanTrainer trainer = new GanTrainer(session);
			trainer.initialise(Optional.empty());
			long start = System.nanoTime();
			double peak = Double.NEGATIVE_INFINITY;
			double window = 0;
			double penaltyWindow = 0;
			int w = 100;
			for (int step = 1; step <= STEPS; step++) {
				Map<String, Double> m;
				try (NDScope scope = new NDScope()) {
					m = trainer.step(step);
				}
				double estimate = m.get("d_real") - m.get("d_fake");
				window += estimate / w;
				penaltyWindow += m.get("d_penalty") / w;
				if (step % w == 0) {
					System.out.printf("step %d: W estimate %.4f, penalty %.4f, g_loss %.4f%n", step, window,
							penaltyWindow, m.get("g_loss"));
					peak = Math.max(peak, window);
					if (step < STEPS) {
						window = 0;
						penaltyWindow = 0;
					}
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			int n = 2500;
			int z = trainer.players().spec.latentSize();
			float[] samples = new Monitor(trainer.players(), null, session).sample(manager,
					new Rng(77).gaussian(0, "test/ring", n * z, 1f), null, n);
			double[][] centres = new double[8][];
			double[] sigma = new double[8];
			for (int k = 0; k < 8; k++) {
				double angle = 2 * Math.PI * k / 8;
				centres[k] = new double[] { 2 * Math.cos(angle), 2 * Math.sin(angle) };
				sigma[k] = 0.02;
			}
			Statistics.Modes modes = Statistics.modes(centres, sigma, samples, 2);
			double[] coarse = new double[8];
			java.util.Arrays.fill(coarse, 0.2);
			Statistics.Modes near = Statistics.modes(centres, coarse, samples, 2);
			System.out.printf(
					"ring-8 wasserstein-gp: %d steps in %.1f s; W estimate peak %.4f, last %.4f; penalty %.4f; "
							+ "modes covered %d, high-quality fraction %.3f; at 10σ: %d modes, fraction %.3f%n",
					STEPS, seconds, peak, window, penaltyWindow, modes.covered(), modes.highQualityFraction(),
					near.covered(), near.highQualityFraction());
			trainer.close();
			assertThat(window).isPositive().isLessThan(0.5 * peak);
			assertThat(penaltyWindow).isLessThan(0.25);
			assertThat(near.covered()).isGreaterThanOrEqualTo(6);
		}
	}

}
