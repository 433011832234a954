package dev.latentforge.models.gan;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import ai.djl.ndarray.NDManager;
import dev.latentforge.datasets.builtin.Ring8;
import dev.latentforge.models.TrainingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanSmokeTests {

	@TempDir
	Path dir;

	@Test
	void ring() throws Exception {
		GanTesting.oneThread();
		Path data = GanTesting.write(new Ring8(), this.dir.resolve("ring"));
		String[] configs = System.getProperty("gan.configs").split("\\|");
		int steps = Integer.getInteger("gan.steps", 2000);
		for (String config : configs) {
			try (NDManager manager = NDManager.newBaseManager()) {
				TrainingSession session = GanTesting.session(data, null, GanTesting.spec(config), 128, steps, 1,
						manager);
				GanTrainer trainer = new GanTrainer(session);
				trainer.initialise(Optional.empty());
				long t = System.nanoTime();
				for (int s = 1; s <= steps; s++) {
					try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
						Map<String, Double> m = trainer.step(s);
					}
					if (s % 500 == 0) {
						System.out.println(config + " " + s + " " + trainer.evaluate() + " ms/step "
								+ (System.nanoTime() - t) / 1e6 / s);
					}
				}
			}
		}
	}

}
