package dev.latentforge.models.gan;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.latentforge.testing.TestDatasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D's update contains no gradient from the G step and G's none from the D step. DJL
 * zeroes a gradient only when its own optimizer steps, so the G step's backward, which
 * runs through D, leaves gradients on D's parameters: without zeroing they would be added
 * into the next D update.
 */
class GradientHygieneTests {

	@TempDir
	static Path dir;

	static Path data;

	@BeforeAll
	static void data() throws Exception {
		GanTesting.oneThread();
		data = dir.resolve("corners");
		TestDatasets.corners(data, "corners", 256, 64);
	}

	static GanTrainer trainer(NDManager manager) throws Exception {
		// SGD, so that an update is exactly −lr · gradient
		GanSpec spec = GanTesting.spec("\"architecture\":\"dcgan\",\"filters\":8,\"latentSize\":8,"
				+ "\"generator\":{\"type\":\"sgd\",\"learningRate\":0.1},"
				+ "\"discriminator\":{\"type\":\"sgd\",\"learningRate\":0.1}");
		GanTrainer trainer = new GanTrainer(GanTesting.session(data, null, spec, 16, 10, 3, manager));
		trainer.initialise(Optional.empty());
		return trainer;
	}

	static Map<String, float[]> values(Net net) {
		Map<String, float[]> out = new LinkedHashMap<>();
		net.parameters().forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
		return out;
	}

	static void assertSame(Map<String, float[]> a, Map<String, float[]> b) {
		assertThat(a.keySet()).isEqualTo(b.keySet());
		a.forEach((name, values) -> assertThat(b.get(name)).as(name).containsExactly(values));
	}

	@Test
	void theGeneratorStepLeavesNoGradientOnTheDiscriminator() throws Exception {
		try (NDManager manager = NDManager.newBaseManager()) {
			GanTrainer trainer = trainer(manager);
			Net d = trainer.players().discriminator.net;
			Net g = trainer.players().generator.net;
			Map<String, float[]> dBefore = values(d);
			Map<String, float[]> gBefore = values(g);
			trainer.generatorStep(1, trainer.players().discriminator, manager);
			assertSame(dBefore, values(d));
			assertThat(d.gradientNorm()).isZero();
			assertThat(values(g).get("g.project.weight")).isNotEqualTo(gBefore.get("g.project.weight"));
		}
	}

	@Test
	void theDiscriminatorStepSendsNoGradientToTheGenerator() throws Exception {
		try (NDManager manager = NDManager.newBaseManager()) {
			GanTrainer trainer = trainer(manager);
			Net g = trainer.players().generator.net;
			Map<String, float[]> gParameters = values(g);
			trainer.discriminatorStep(1, 0, trainer.players().generator, manager);
			assertThat(g.gradientNorm()).isZero();
			// batch norm's running statistics move (G runs in training mode), weights do
			// not
			assertSame(gParameters, values(g));
		}
	}

	@Test
	void gradientsLeftOnTheDiscriminatorDoNotEnterItsUpdate() throws Exception {
		try (NDManager clean = NDManager.newBaseManager(); NDManager dirty = NDManager.newBaseManager()) {
			GanTrainer a = trainer(clean);
			GanTrainer b = trainer(dirty);
			// leave a generator-side gradient on b's D, as a G step's backward does
			try (NDManager scratch = dirty.newSubManager()) {
				NDArray z = scratch.randomNormal(new ai.djl.ndarray.types.Shape(16, 8));
				try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
					NDArray fake = b.players().generate(z, null, true);
					collector
						.backward(GanLosses.nonSaturating(Players.output(b.players().discriminate(fake, null, true))));
				}
			}
			assertThat(b.players().discriminator.net.gradientNorm()).isGreaterThan(1e-3);
			a.discriminatorStep(1, 0, a.players().generator, clean);
			b.discriminatorStep(1, 0, b.players().generator, dirty);
			assertSame(values(a.players().discriminator.net), values(b.players().discriminator.net));
		}
	}

}
