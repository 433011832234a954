package dev.latentforge.models.autoencoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.ChainSampling;
import dev.latentforge.models.Corruption;
import dev.latentforge.models.Denoising;
import dev.latentforge.models.LoadedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A denoising autoencoder trained briefly on {@code shapes}: it denoises, its Markov
 * chain stays in the data's range and draws samples, and clamping keeps known pixels.
 */
class DenoisingAutoencoderTests {

	@TempDir
	static Path dir;

	static Path shapes;

	@BeforeAll
	static void data() throws Exception {
		shapes = AutoencoderRuns.shapes(dir.resolve("shapes"));
	}

	static AutoencoderSpec dae(Corruption corruption, AutoencoderSpec.Loss loss) {
		return new AutoencoderSpec(List.of(128, 32), null, null, null, loss, null, null, null, null, corruption, null,
				null, null, null);
	}

	@Test
	void gaussianDaeDenoisesAndItsChainSamplesInsideTheDataRange() throws Exception {
		AutoencoderSpec spec = dae(new Corruption(Corruption.GAUSSIAN, 0.3, null), null);
		try (AutoencoderRuns run = AutoencoderRuns.start(shapes, spec, 300, 64, 2e-3, 11)) {
			run.run(1, 300);
			Map<String, Double> metrics = run.evaluate();
			System.out.printf("DAE gaussian 0.3, 300 steps: PSNR noisy %.2f dB, denoised %.2f dB%n",
					metrics.get("val_psnr_noisy"), metrics.get("val_psnr_denoised"));
			assertThat(metrics.get("val_psnr_denoised")).isGreaterThan(metrics.get("val_psnr_noisy") + 3);
			try (LoadedModel model = new AutoencoderFamily().load(run.checkpoint(300), run.manager.newSubManager())) {
				assertThat(model).isInstanceOf(Denoising.class).isInstanceOf(ChainSampling.class);
				assertThat(((Denoising) model).corruption()).isEqualTo(spec.corruption());
				NDManager request = model.manager().newSubManager();
				Rng rng = new Rng(5);
				ChainSampling.Chain chain = ((ChainSampling) model).start(request, 6, null, rng);
				for (int step = 1; step <= 30; step++) {
					chain.step(step, rng);
				}
				NDArray samples = chain.images(false);
				NDArray means = chain.images(true);
				assertThat(samples.getShape().getShape()).containsExactly(6, 1, 28, 28);
				float[] s = samples.toFloatArray();
				float[] m = means.toFloatArray();
				for (int i = 0; i < s.length; i++) {
					assertThat(s[i]).isBetween(0f, 1f);
					assertThat(m[i]).isBetween(0f, 1f);
				}
				// a Bernoulli decoder draws 0 or 1 per pixel: a sample, not the mean
				for (float v : s) {
					assertThat(v == 0f || v == 1f).isTrue();
				}
				assertThat(s).isNotEqualTo(m);
				request.close();
			}
		}
	}

	@Test
	void maskingDaeDenoisesAndInpaintingKeepsKnownPixels() throws Exception {
		AutoencoderSpec spec = dae(new Corruption(Corruption.MASKING, null, 0.25), AutoencoderSpec.Loss.MSE);
		try (AutoencoderRuns run = AutoencoderRuns.start(shapes, spec, 300, 64, 2e-3, 12)) {
			run.run(1, 300);
			Map<String, Double> metrics = run.evaluate();
			System.out.printf("DAE masking 25%%, 300 steps: PSNR noisy %.2f dB, denoised %.2f dB%n",
					metrics.get("val_psnr_noisy"), metrics.get("val_psnr_denoised"));
			assertThat(metrics.get("val_psnr_denoised")).isGreaterThan(metrics.get("val_psnr_noisy"));
			assertThat(new AutoencoderFamily().capabilities(spec)).contains(Capabilities.DENOISE, Capabilities.SAMPLE,
					Capabilities.INPAINT);
			try (LoadedModel model = new AutoencoderFamily().load(run.checkpoint(300), run.manager.newSubManager())) {
				NDManager request = model.manager().newSubManager();
				int n = 4;
				float[] known = run.session.data().validation().values(AutoencoderTrainer.range(0, n));
				float[] mask = new float[known.length];
				for (int i = 0; i < mask.length; i++) {
					mask[i] = (i % 784) < 392 ? 1f : 0f; // the top half is known
				}
				ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(n, 1, 28, 28);
				NDArray knownArray = request.create(known, shape);
				NDArray maskArray = request.create(mask, shape);
				Rng rng = new Rng(9);
				ChainSampling.Chain chain = ((ChainSampling) model).start(request, n, null, rng);
				chain.clamp(knownArray, maskArray);
				float[] before = chain.images(false).toFloatArray();
				for (int step = 1; step <= 10; step++) {
					chain.step(step, rng);
					chain.clamp(knownArray, maskArray);
				}
				float[] after = chain.images(false).toFloatArray();
				float[] meansAfter = chain.images(true).toFloatArray();
				int changed = 0;
				for (int i = 0; i < after.length; i++) {
					if (mask[i] == 1f) {
						assertThat(after[i]).isEqualTo(known[i]);
						assertThat(meansAfter[i]).isEqualTo(known[i]);
					}
					else {
						assertThat(after[i]).isBetween(0f, 1f);
						changed += after[i] != before[i] ? 1 : 0;
					}
				}
				assertThat(changed).isGreaterThan(after.length / 4);
				request.close();
			}
		}
	}

}
