package dev.latentforge.models.autoencoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.engine.Updater;
import dev.latentforge.models.OptimizerSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the time of one dense-autoencoder training step goes (the benchmark's profile of
 * row (b)): the step of {@link AutoencoderTrainer} taken apart into making the batch, the
 * forward pass with the loss, the backward pass, reading the loss and the optimizer
 * update, each timed on its own (the engine computes eagerly on the CPU, so each phase's
 * time is its own). {@code bench/torch_bench.py ae --profile} times the same phases in
 * PyTorch. Prints one JSON line.
 */
public final class AutoencoderStepProfile {

	private AutoencoderStepProfile() {
	}

	public static void main(String[] args) {
		int warmup = Integer.parseInt(args[0]);
		int steps = Integer.parseInt(args[1]);
		int batch = 128;
		EngineInfo.engine();
		JniUtils.setGradMode(false);
		Engine.getInstance().setRandomSeed(7);
		AutoencoderSpec spec = new AutoencoderSpec(List.of(256, 64), AutoencoderSpec.Activation.RELU, null, null,
				AutoencoderSpec.Loss.BCE)
			.resolved();
		float[] data = new float[6000 * 784];
		Random random = new Random(1);
		for (int i = 0; i < data.length; i++) {
			data[i] = random.nextInt(256) / 255f;
		}
		long[] phases = new long[6];
		try (NDManager manager = NDManager.newBaseManager()) {
			AutoencoderNetwork network = new AutoencoderNetwork(spec, 784, manager);
			network.initialise(new Rng(7));
			OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Type.ADAM, 1e-3, null, null, null, null, null)
				.resolved();
			Updater updater = new Updater(adam, warmup + steps, network.parameters(), manager);
			ParameterStore store = new ParameterStore(manager, false);
			// scratch copies for timing libtorch's fused Adam kernel on the same
			// gradients
			Map<String, NDArray[]> scratch = new LinkedHashMap<>();
			network.parameters().forEach((name, parameter) -> {
				NDArray w = parameter.getArray().duplicate();
				scratch.put(name, new NDArray[] { w, w.zerosLike(), w.zerosLike() });
			});
			for (int step = 1; step <= warmup + steps; step++) {
				try (NDScope scope = new NDScope()) {
					int offset = ((step - 1) % (6000 / batch)) * batch * 784;
					float[] values = new float[batch * 784];
					long t0 = System.nanoTime();
					System.arraycopy(data, offset, values, 0, values.length);
					NDArray images = manager.create(values, new Shape(batch, 1, 28, 28));
					long t1 = System.nanoTime();
					NDArray loss;
					long t2;
					long t3;
					try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
						NDArray target = images.reshape(batch, 784);
						NDArray codes = network.encoderOutput(store, images, true);
						loss = ReconstructionLoss.binaryCrossEntropyWithLogits(network.logits(store, codes, true),
								target);
						t2 = System.nanoTime();
						collector.backward(loss);
						t3 = System.nanoTime();
					}
					loss.getFloat();
					long f0 = System.nanoTime();
					for (Map.Entry<String, NDArray[]> entry : scratch.entrySet()) {
						NDArray[] arrays = entry.getValue();
						try (NDArray grad = network.parameters().get(entry.getKey()).getArray().getGradient()) {
							JniUtils.adamUpdate((PtNDArray) arrays[0], (PtNDArray) grad, (PtNDArray) arrays[1],
									(PtNDArray) arrays[2], 1e-3f, 1e-3f, 0f, 1f, -1f, 0.9f, 0.999f, 1e-8f, false);
						}
					}
					long f1 = System.nanoTime();
					long t4 = System.nanoTime();
					updater.step(step);
					long t5 = System.nanoTime();
					if (step > warmup) {
						phases[0] += t1 - t0;
						phases[1] += t2 - t1;
						phases[2] += t3 - t2;
						// the fused-Adam timing above ran between t3 and t4: not the
						// step's
						phases[3] += (t4 - t3) - (f1 - f0);
						phases[4] += t5 - t4;
						phases[5] += f1 - f0;
					}
				}
			}
		}
		Map<String, Object> out = new LinkedHashMap<>();
		String[] names = { "batch_ms", "forward_and_loss_ms", "backward_ms", "read_loss_ms", "optimizer_ms" };
		double total = 0;
		for (int i = 0; i < names.length; i++) {
			out.put(names[i], phases[i] / 1e6 / steps);
			total += phases[i] / 1e6 / steps;
		}
		// not part of the step: what libtorch's fused Adam (one native call per
		// parameter) takes
		out.put("optimizer_fused_libtorch_ms", phases[5] / 1e6 / steps);
		out.put("step_ms", total);
		out.put("threads", JniUtils.getNumThreads());
		System.out.println(JsonMapper.builder().build().writeValueAsString(out));
		System.exit(0);
	}

}
