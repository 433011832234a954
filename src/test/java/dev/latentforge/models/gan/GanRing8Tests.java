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
 * {@code ring-8} (radius 2, σ 0.02): the named configuration
 * {@link #RING8_MINIMAX_COSINE} (the MLP GAN with the minimax loss, both players at Adam
 * lr 2e-3 decayed by a cosine to 1e-5, batch 128, 3,000 steps) covers at least 6 of the 8
 * modes with a high-quality fraction of at least 0.5. Modes are computed here from the
 * known centres: a mode counts when at least 1% of 2,500 samples lie within 3σ of its
 * centre; high quality = within 3σ of any centre.
 */
class GanRing8Tests {

	static final String RING8_MINIMAX_COSINE = "\"loss\":\"minimax\","
			+ "\"generator\":{\"learningRate\":2e-3,\"schedule\":{\"type\":\"cosine\",\"minLearningRate\":1e-5}},"
			+ "\"discriminator\":{\"learningRate\":2e-3,\"schedule\":{\"type\":\"cosine\",\"minLearningRate\":1e-5}}";

	static final int STEPS = 3000;

	@TempDir
	Path dir;

	@Test
	void namedConfigurationCoversTheRing() throws Exception {
		GanTesting.oneThread();
		Path data = GanTesting.write(new Ring8(), this.dir.resolve("ring-8"));
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, null, GanTesting.spec(RING8_MINIMAX_COSINE), 128, STEPS,
					1, manager);
			GanTrainer trainer = new GanTrainer(session);
			trainer.initialise(Optional.empty());
			long start = System.nanoTime();
			Map<String, Double> last = null;
			for (int step = 1; step <= STEPS; step++) {
				try (NDScope scope = new NDScope()) {
					last = trainer.step(step);
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
			System.out.printf("ring-8 %s: %d steps in %.1f s; modes covered %d, high-quality fraction %.3f; last %s%n",
					"RING8_MINIMAX_COSINE", STEPS, seconds, modes.covered(), modes.highQualityFraction(), last);
			assertThat(modes.covered()).isGreaterThanOrEqualTo(6);
			assertThat(modes.highQualityFraction()).isGreaterThanOrEqualTo(0.5);
		}
	}

}
