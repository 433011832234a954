package dev.latentforge.models.autoencoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.TestDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stacked autoencoder's greedy layer-wise pretraining: the phase it reports, the
 * layers it freezes, and a resume from a checkpoint in the middle of pretraining.
 */
class StackedAutoencoderTests {

	static AutoencoderSpec stacked() {
		return new AutoencoderSpec(List.of(32, 16, 4), null, null, null, null, null, null, null, null, null, null, null,
				AutoencoderSpec.Pretraining.LAYERWISE, 20L);
	}

	@Test
	void pretrainsLayerByLayerThenFineTunesAndResumesMidPretraining(@TempDir Path dir) throws Exception {
		Path data = dir.resolve("corners");
		TestDatasets.corners(data, "corners", 512, 128);
		AutoencoderSpec spec = stacked();
		Map<String, Tensor> uninterrupted;
		try (AutoencoderRuns run = AutoencoderRuns.start(data, spec, 100, 32, 3e-3, 4)) {
			assertThat(run.trainer.phase(1)).isEqualTo("layer 1 of 3, pretraining");
			assertThat(run.trainer.phase(21)).isEqualTo("layer 2 of 3, pretraining");
			assertThat(run.trainer.phase(60)).isEqualTo("layer 3 of 3, pretraining");
			assertThat(run.trainer.phase(61)).isEqualTo("fine-tuning");
			run.run(1, 20);
			Map<String, Tensor> afterLayer1 = run.trainer.parameters();
			run.run(21, 40);
			Map<String, Tensor> afterLayer2 = run.trainer.parameters();
			// layer 2's pretraining trains encoder linear 1 and decoder linear 1 only
			assertThat(afterLayer2.get("encoder.0.weight").toFloatArray())
				.isEqualTo(afterLayer1.get("encoder.0.weight").toFloatArray());
			assertThat(afterLayer2.get("decoder.4.weight").toFloatArray())
				.isEqualTo(afterLayer1.get("decoder.4.weight").toFloatArray());
			assertThat(afterLayer2.get("encoder.2.weight").toFloatArray())
				.isNotEqualTo(afterLayer1.get("encoder.2.weight").toFloatArray());
			assertThat(afterLayer2.get("decoder.2.weight").toFloatArray())
				.isNotEqualTo(afterLayer1.get("decoder.2.weight").toFloatArray());
			run.run(41, 100);
			Map<String, Double> metrics = run.evaluate();
			System.out.printf("stacked 64-32-16-4 layer-wise on corners: val_mse_ratio %.3f%n",
					metrics.get("val_mse_ratio"));
			assertThat(metrics.get("val_mse_ratio")).isLessThan(0.8);
			uninterrupted = run.trainer.parameters();
		}
		// stop at step 30 (layer 2 of 3, pretraining), resume from its checkpoint
		dev.latentforge.checkpoints.CheckpointData checkpoint;
		try (AutoencoderRuns first = AutoencoderRuns.start(data, spec, 100, 32, 3e-3, 4)) {
			first.run(1, 30);
			checkpoint = first.checkpoint(30);
		}
		assertThat(checkpoint.optimizer()).containsKeys("updates", "pretraining.0/updates", "pretraining.1/updates",
				"pretraining.2/updates");
		try (AutoencoderRuns resumed = AutoencoderRuns.start(data, spec, 100, 32, 3e-3, 4, null,
				Optional.of(checkpoint))) {
			assertThat(resumed.trainer.phase(31)).isEqualTo("layer 2 of 3, pretraining");
			resumed.run(31, 100);
			Map<String, Tensor> after = resumed.trainer.parameters();
			for (String name : uninterrupted.keySet()) {
				assertThat(after.get(name).toFloatArray()).as(name).isEqualTo(uninterrupted.get(name).toFloatArray());
			}
		}
	}

}
