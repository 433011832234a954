package dev.latentforge.models.autoencoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.Generating;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.testing.TestDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The VAE: its ELBO improves with training and it generates images from its prior. */
class VariationalAutoencoderTests {

	@Test
	void elboImprovesAndGenerationsHaveTheImageShapeAndRange(@TempDir Path dir) throws Exception {
		TestDatasets.corners(dir.resolve("corners"), "corners", 512, 128);
		AutoencoderSpec spec = new AutoencoderSpec(List.of(32, 4), null, null, null, null, null, null, null, null, null,
				true, null, null, null);
		assertThat(new AutoencoderFamily().capabilities(spec)).contains(Capabilities.GENERATE);
		try (AutoencoderRuns run = AutoencoderRuns.start(dir.resolve("corners"), spec, 300, 32, 3e-3, 3)) {
			Map<String, Double> before = run.evaluate();
			Map<String, Double> trained = run.run(1, 300);
			Map<String, Double> after = run.evaluate();
			System.out.printf("VAE corners: val ELBO %.2f -> %.2f nats, KL %.2f, reconstruction %.2f%n",
					before.get("val_elbo"), after.get("val_elbo"), after.get("val_kl"),
					after.get("val_reconstruction"));
			assertThat(trained).containsKeys("elbo", "kl", "reconstruction");
			assertThat(after.get("val_elbo")).isGreaterThan(before.get("val_elbo") + 5);
			assertThat(after.get("val_elbo")).isCloseTo(-(after.get("val_kl") + after.get("val_reconstruction")),
					org.assertj.core.data.Offset.offset(1e-6));
			assertThat(after.get("val_kl")).isPositive();
			assertThat(after.get("val_mse_ratio")).isLessThan(0.8);
			assertThat(run.trainer.sampleGrid()).isNotEmpty();
			try (LoadedModel model = new AutoencoderFamily().load(run.checkpoint(300), run.manager.newSubManager())) {
				assertThat(model).isInstanceOf(Generating.class);
				Generating generating = (Generating) model;
				assertThat(generating.latentSize()).isEqualTo(4);
				NDManager request = model.manager().newSubManager();
				NDArray z = request.create(new Rng(1).gaussian(0, "z", 10 * 4, 1f), new Shape(10, 4));
				NDArray images = generating.generate(z, null);
				assertThat(images.getShape().getShape()).containsExactly(10, 1, 8, 8);
				for (float v : images.toFloatArray()) {
					assertThat(v).isBetween(0f, 1f);
				}
				request.close();
			}
		}
	}

}
