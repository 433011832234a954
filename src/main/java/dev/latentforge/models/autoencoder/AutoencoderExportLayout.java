package dev.latentforge.models.autoencoder;

/** Describes how an autoencoder's exported parameters are named and what they compute. */
final class AutoencoderExportLayout {

	private AutoencoderExportLayout() {
	}

	static String describe(AutoencoderSpec spec) {
		StringBuilder out = new StringBuilder();
		out.append(spec.isConv() ? "Convolutional autoencoder. " : "Dense autoencoder. ");
		out.append("Input: the image in (C, H, W) order, scaled to [0, 1]. ");
		out.append("A dense layer of 'encoder' and 'decoder' is named {block}.{index}.weight [out, in] and "
				+ "{block}.{index}.bias [out] and computes x @ weight.T + bias, followed by an activation. "
				+ "Indices count activation (and flatten/reshape) layers too, as in PyTorch's nn.Sequential. ");
		if (spec.isConv()) {
			out.append("The encoder starts with " + spec.channels().size() + " convolutions "
					+ "(weight [out, in, 4, 4], stride 2, padding 1, PyTorch's cross-correlation), each followed by "
					+ "an activation; then a flatten (one index, no parameters) in (C, H, W) order and the dense layers. "
					+ "The decoder mirrors the dense layers, ends them with a linear layer to "
					+ "channels[-1]·H'·W' values and an activation, reshapes (one index) to [channels[-1], H', W'] "
					+ "with H' = H halved " + spec.channels().size() + " times (rounding down), and has one "
					+ "upsampling stage per convolution, an activation after every stage but the last. ");
			if (spec.upsampling() == AutoencoderSpec.Upsampling.TRANSPOSED) {
				out.append("A stage is a transposed convolution decoder.{index}.weight [in, out, 4, 4] (PyTorch's "
						+ "ConvTranspose2d layout), stride 2, padding 1, output padding 1 when H_s or W_s is odd (an axis that needs none is then cropped to "
						+ "its size, index .1 after the transposed convolution at .0). ");
			}
			else {
				out.append("A stage is nearest-neighbour upsampling by 2 (repeating the last row/column when the "
						+ "target size is odd; index .0, no parameters) then a 3×3 convolution with padding 1, "
						+ "decoder.{index}.1.weight [out, in, 3, 3]. ");
			}
		}
		out.append("Activations: " + spec.activation().name().toLowerCase() + " on hidden layers, "
				+ spec.codeActivation().name().toLowerCase() + " on the code (the encoder's last layer), "
				+ spec.outputActivation().name().toLowerCase() + " on the decoder's output. ");
		if (spec.isVariational()) {
			out.append("Variational: the encoder's last layer has 2·" + spec.codeSize()
					+ " outputs, μ in the first half and log σ² in the second; z = μ + exp(½ log σ²)·ε. "
					+ "Generate by decoding z ~ N(0, I). ");
		}
		if (spec.sparsity() != null) {
			out.append("Sparse: the sigmoid code's running mean activation ρ̂ is training state, not exported. ");
		}
		if (spec.isLayerwise()) {
			out.append("Stacked: encoder linear k (index 2k) and decoder linear L−1−k (index 2(L−1−k)) were "
					+ "pretrained together as layer k's autoencoder; the export holds the fine-tuned weights. ");
		}
		return out.toString().trim();
	}

}
