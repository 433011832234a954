package dev.latentforge.models.autoencoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.models.Autoencoding;
import dev.latentforge.models.LoadedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Convolutional autoencoders (both upsampling options) and multi-channel inputs: a
 * 3-channel set trains with the same code as a grey one.
 */
class ConvolutionalAutoencoderTests {

	@TempDir
	static Path dir;

	static Path colours;

	@BeforeAll
	static void data() throws Exception {
		colours = AutoencoderRuns.colours(dir.resolve("colours"), 512, 128);
	}

	static AutoencoderSpec conv(AutoencoderSpec.Upsampling upsampling, List<Integer> channels) {
		return new AutoencoderSpec(List.of(16), null, null, null, null, AutoencoderSpec.Architecture.CONV, channels,
				upsampling, null, null, null, null, null, null);
	}

	@Test
	void transposedConvolutionDecoderLearnsThreeChannelImages() throws Exception {
		trains(conv(null, List.of(8, 16)), "conv, transposed");
	}

	@Test
	void nearestUpsamplingDecoderLearnsThreeChannelImages() throws Exception {
		trains(conv(AutoencoderSpec.Upsampling.NEAREST, List.of(8, 16)), "conv, nearest");
	}

	@Test
	void denseAutoencoderLearnsThreeChannelImages() throws Exception {
		trains(new AutoencoderSpec(List.of(32, 16), null, null, null, null), "dense");
	}

	private static void trains(AutoencoderSpec spec, String label) throws Exception {
		try (AutoencoderRuns run = AutoencoderRuns.start(colours, spec, 300, 32, 3e-3, 2)) {
			double first = run.run(1, 1).get("loss");
			double last = run.run(2, 300).get("loss");
			Map<String, Double> metrics = run.evaluate();
			System.out.printf("%s on 3×8×8: loss %.4f -> %.4f, val_mse_ratio %.3f%n", label, first, last,
					metrics.get("val_mse_ratio"));
			assertThat(last).isLessThan(first);
			assertThat(metrics.get("val_mse_ratio")).isLessThan(0.5);
			try (LoadedModel model = new AutoencoderFamily().load(run.checkpoint(300), run.manager.newSubManager())) {
				NDManager request = model.manager().newSubManager();
				NDArray x = request.create(run.session.data().validation().values(AutoencoderTrainer.range(0, 5)),
						new Shape(5, 3, 8, 8));
				NDArray y = ((Autoencoding) model).reconstruct(x);
				assertThat(y.getShape().getShape()).containsExactly(5, 3, 8, 8);
				assertThat(((Autoencoding) model).encode(x).getShape().getShape()).containsExactly(5, 16);
				request.close();
			}
		}
	}

	@Test
	void oddSizesComeBackExactly() {
		dev.latentforge.engine.EngineInfo.engine();
		ai.djl.pytorch.jni.JniUtils.setGradMode(false);
		for (AutoencoderSpec.Upsampling upsampling : AutoencoderSpec.Upsampling.values()) {
			// 28 -> 14 -> 7 -> 3 and 27 x 13 -> 13 x 6 -> 6 x 3: odd sizes on the way
			// back
			int[][] sizes = { { 28, 28 }, { 27, 13 } };
			for (int[] size : sizes) {
				try (NDManager manager = NDManager.newBaseManager()) {
					AutoencoderSpec spec = conv(upsampling, List.of(4, 4, 4)).resolved();
					if (size[1] == 13) {
						spec = conv(upsampling, List.of(4, 4)).resolved();
					}
					ConvAutoencoderNetwork network = new ConvAutoencoderNetwork(spec, 2, size[0], size[1], manager);
					network.initialise(new dev.latentforge.engine.Rng(1));
					NDArray x = manager.ones(new Shape(3, 2, size[0], size[1]));
					ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(manager, false);
					NDArray code = network.encoderOutput(store, x, false);
					assertThat(code.getShape().getShape()).containsExactly(3, 16);
					assertThat(network.logits(store, code, false).getShape().getShape()).containsExactly(3,
							2L * size[0] * size[1]);
				}
			}
		}
	}

}
