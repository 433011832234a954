package dev.latentforge.images;

/**
 * A decoded image: samples in channel-major (C, H, W) order as stored integers.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height the height in pixels
 * @param width the width in pixels
 * @param bitDepth 8 or 16
 * @param samples C·H·W samples, each in [0, 2^bitDepth − 1]
 */
public record Image(int channels, int height, int width, int bitDepth, int[] samples) {

	/** The samples scaled to [0, 1]. */
	public float[] toUnitFloats() {
		float max = (1 << this.bitDepth) - 1;
		float[] out = new float[this.samples.length];
		for (int i = 0; i < out.length; i++) {
			out[i] = this.samples[i] / max;
		}
		return out;
	}

	public String describe() {
		return this.width + "x" + this.height + ", " + (this.channels == 1 ? "grey" : "RGB") + ", " + this.bitDepth
				+ "-bit";
	}

}
