package dev.latentforge.models.autoencoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.latentforge.engine.Initialisation;
import dev.latentforge.engine.NamedParameters;
import dev.latentforge.engine.Rng;
import dev.latentforge.engine.nn.SafeConv2d;
import dev.latentforge.engine.nn.TransposedConv2d;

/**
 * The network of a convolutional autoencoder, sized from the data set's channels, height
 * and width. With stages c₁…cₙ ({@code channels}) and dense layers l₁…lₘ ({@code layers},
 * the last the code):
 *
 * <pre>
 * encoder: [B, C, H, W] → (conv 4×4 stride 2 pad 1, act) per stage → [B, cₙ, Hₙ, Wₙ]
 *          → flatten [B, cₙ·Hₙ·Wₙ] → (linear, act) per dense layer → [B, code]
 * decoder: [B, code] → mirrored dense layers → [B, cₙ·Hₙ·Wₙ] → reshape [B, cₙ, Hₙ, Wₙ]
 *          → one upsampling stage per encoder stage, back to [B, C, H, W] logits
 * </pre>
 *
 * where H_{s+1} = ⌊H_s / 2⌋. An upsampling stage is either an exact transposed
 * convolution (kernel 4, stride 2, padding 1, output padding H_s − 2·H_{s+1} so odd sizes
 * such as 7 come back exactly) or nearest-neighbour upsampling to (H_s, W_s) followed by
 * a 3×3 convolution with padding 1.
 */
final class ConvAutoencoderNetwork implements Network {

	private final AutoencoderSpec spec;

	private final int channels;

	private final int height;

	private final int width;

	private final SequentialBlock encoder = new SequentialBlock();

	private final SequentialBlock decoder = new SequentialBlock();

	private final Map<String, Parameter> parameters = new LinkedHashMap<>();

	private final Map<String, AutoencoderSpec.Activation> following = new LinkedHashMap<>();

	ConvAutoencoderNetwork(AutoencoderSpec spec, int channels, int height, int width, NDManager manager) {
		this.spec = spec;
		this.channels = channels;
		this.height = height;
		this.width = width;
		List<Integer> stages = spec.channels();
		int n = stages.size();
		int[] h = new int[n + 1];
		int[] w = new int[n + 1];
		h[0] = height;
		w[0] = width;
		for (int s = 0; s < n; s++) {
			h[s + 1] = h[s] / 2;
			w[s + 1] = w[s] / 2;
		}
		// encoder: [B, C, H, W] -> [B, c1, H1, W1] -> ... -> [B, cn, Hn, Wn]
		for (int s = 0; s < n; s++) {
			this.following.put("encoder." + this.encoder.getChildren().size(), spec.activation());
			this.encoder.add(new SafeConv2d(Conv2d.builder()
				.setFilters(stages.get(s))
				.setKernelShape(new Shape(4, 4))
				.optStride(new Shape(2, 2))
				.optPadding(new Shape(1, 1))));
			this.encoder.add(Network.activationBlock(spec.activation()));
		}
		int flat = stages.get(n - 1) * h[n] * w[n];
		this.encoder.add(Blocks.batchFlattenBlock()); // [B, cn·Hn·Wn]
		List<Integer> layers = spec.layers();
		int codeWidth = spec.isVariational() ? 2 * spec.codeSize() : spec.codeSize();
		for (int i = 0; i < layers.size(); i++) {
			boolean last = i == layers.size() - 1;
			AutoencoderSpec.Activation after = last ? spec.codeActivation() : spec.activation();
			this.following.put("encoder." + this.encoder.getChildren().size(), after);
			this.encoder.add(Linear.builder().setUnits(last ? codeWidth : layers.get(i)).build()); // [B,
																									// l_i]
			this.encoder.add(Network.activationBlock(after));
		}
		// decoder: [B, code] -> mirrored dense layers -> [B, cn·Hn·Wn]
		for (int i = layers.size() - 2; i >= 0; i--) {
			this.following.put("decoder." + this.decoder.getChildren().size(), spec.activation());
			this.decoder.add(Linear.builder().setUnits(layers.get(i)).build());
			this.decoder.add(Network.activationBlock(spec.activation()));
		}
		this.following.put("decoder." + this.decoder.getChildren().size(), spec.activation());
		this.decoder.add(Linear.builder().setUnits(flat).build());
		this.decoder.add(Network.activationBlock(spec.activation()));
		int topChannels = stages.get(n - 1);
		int topHeight = h[n];
		int topWidth = w[n];
		this.decoder.add(LambdaBlock.singleton((x) -> x.reshape(x.getShape().get(0), topChannels, topHeight, topWidth),
				"unflatten")); // [B, cn, Hn, Wn]
		// upsampling stages: [B, c_s, H_s, W_s] -> [B, c_{s-1}, H_{s-1}, W_{s-1}], last
		// to
		// [B, C, H, W] logits
		for (int s = n - 1; s >= 0; s--) {
			int out = s > 0 ? stages.get(s - 1) : channels;
			String name = "decoder." + this.decoder.getChildren().size();
			this.following.put(name, s > 0 ? spec.activation() : spec.outputActivation());
			this.following.put(name + ".0", s > 0 ? spec.activation() : spec.outputActivation());
			this.following.put(name + ".1", s > 0 ? spec.activation() : spec.outputActivation());
			this.decoder.add(upsample(spec.upsampling(), out, h[s], w[s], h[s + 1], w[s + 1]));
			if (s > 0) {
				this.decoder.add(Network.activationBlock(spec.activation()));
			}
		}
		this.encoder.initialize(manager, DataType.FLOAT32, new Shape(1, channels, height, width));
		this.decoder.initialize(manager, DataType.FLOAT32, new Shape(1, spec.codeSize()));
		this.parameters.putAll(NamedParameters.of("encoder", this.encoder));
		this.parameters.putAll(NamedParameters.of("decoder", this.decoder));
	}

	/**
	 * One stage that doubles the resolution: [B, c, h, w] → [B, out, targetH, targetW],
	 * with targetH ∈ {2h, 2h + 1}.
	 */
	private static Block upsample(AutoencoderSpec.Upsampling kind, int out, int targetH, int targetW, int h, int w) {
		if (kind == AutoencoderSpec.Upsampling.TRANSPOSED) {
			// (h − 1)·2 − 2 + 4 + op = 2h + op; one output padding serves both axes, so
			// an
			// axis that needs none is cropped back
			int outputPadding = (targetH > 2 * h || targetW > 2 * w) ? 1 : 0;
			TransposedConv2d up = TransposedConv2d.builder()
				.setFilters(out)
				.setKernel(4)
				.optStride(2)
				.optPadding(1)
				.optOutputPadding(outputPadding)
				.build();
			if (targetH == 2 * h + outputPadding && targetW == 2 * w + outputPadding) {
				return up; // [B, out, targetH, targetW]
			}
			SequentialBlock stage = new SequentialBlock();
			stage.add(up);
			stage.add(LambdaBlock.singleton((x) -> x.get(":, :, 0:" + targetH + ", 0:" + targetW), "crop"));
			return stage;
		}
		SequentialBlock stage = new SequentialBlock();
		// [B, c, h, w] -> [B, c, targetH, targetW]
		stage.add(LambdaBlock.singleton((x) -> nearest(x, targetH, targetW), "nearest"));
		// -> [B, out, targetH, targetW]
		stage.add(new SafeConv2d(
				Conv2d.builder().setFilters(out).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))));
		return stage;
	}

	/**
	 * Nearest-neighbour upsampling by 2, cropped to the target size: [B, c, h, w] → [B,
	 * c, targetH, targetW].
	 */
	static NDArray nearest(NDArray x, int targetH, int targetW) {
		Shape s = x.getShape();
		long b = s.get(0);
		long c = s.get(1);
		long h = s.get(2);
		long w = s.get(3);
		NDArray up = x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, 2, w, 2)).reshape(b, c, 2 * h, 2 * w);
		if (2 * h == targetH && 2 * w == targetW) {
			return up;
		}
		NDArray padded = up;
		if (2 * h < targetH) { // odd target: repeat the last row
			padded = padded.concat(padded.get(":, :, -1:, :"), 2);
		}
		if (2 * w < targetW) {
			padded = padded.concat(padded.get(":, :, :, -1:"), 3);
		}
		return padded;
	}

	@Override
	public void initialise(Rng rng) {
		for (Map.Entry<String, Parameter> entry : this.parameters.entrySet()) {
			if (entry.getKey().endsWith(".bias")) {
				Initialisation.constant(entry.getValue(), 0f);
			}
			else {
				String layer = entry.getKey().substring(0, entry.getKey().lastIndexOf('.'));
				double gain = this.following.get(layer) == AutoencoderSpec.Activation.RELU ? Math.sqrt(2.0) : 1.0;
				Initialisation.glorotUniform(entry.getValue(), rng, entry.getKey(), gain);
			}
		}
	}

	@Override
	public Map<String, Parameter> parameters() {
		return this.parameters;
	}

	@Override
	public int inputSize() {
		return this.channels * this.height * this.width;
	}

	@Override
	public NDArray encoderOutput(ParameterStore store, NDArray images, boolean training) {
		NDArray x = images.reshape(images.getShape().get(0), this.channels, this.height, this.width);
		return this.encoder.forward(store, new NDList(x), training).singletonOrThrow();
	}

	@Override
	public NDArray logits(ParameterStore store, NDArray codes, boolean training) {
		NDArray out = this.decoder.forward(store, new NDList(codes), training).singletonOrThrow(); // [B,
																									// C,
																									// H,
																									// W]
		return out.reshape(out.getShape().get(0), inputSize()); // [B, D]
	}

}
