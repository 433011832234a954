package dev.latentforge.images;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScatterTests {

	private static final int SIZE = 101;

	@Test
	void drawsEachPointInItsLabelsColourWithEqualScalesAndYUp() {
		// A diamond around the origin: left, right, top, bottom.
		float[] xs = { -1, 1, 0, 0 };
		float[] ys = { 0, 0, 1, -1 };
		float[] rgb = Scatter.render(xs, ys, new int[] { 0, 1, 2, 3 }, SIZE);
		// The span 2 · 1.1 fills 100 pixels, so ±1 lies 45 pixels from the centre.
		assertThat(colourAt(rgb, 5, 50)).isEqualTo(0x1f77b4);
		assertThat(colourAt(rgb, 95, 50)).isEqualTo(0xff7f0e);
		assertThat(colourAt(rgb, 50, 5)).isEqualTo(0x2ca02c);
		assertThat(colourAt(rgb, 50, 95)).isEqualTo(0xd62728);
		assertThat(colourAt(rgb, 0, 0)).isEqualTo(0xffffff);
		assertThat(colourAt(rgb, 30, 50)).as("x axis").isEqualTo(0xd9d9d9);
	}

	@Test
	void encodesAPng() {
		byte[] png = Scatter.png(new float[] { 0, 1 }, new float[] { 0, 1 }, null, 64);
		Image image = Png.decode(png);
		assertThat(image.width()).isEqualTo(64);
		assertThat(image.channels()).isEqualTo(3);
	}

	private static int colourAt(float[] rgb, int x, int y) {
		int plane = SIZE * SIZE;
		int p = y * SIZE + x;
		return (Png.toByte(rgb[p]) << 16) | (Png.toByte(rgb[plane + p]) << 8) | Png.toByte(rgb[2 * plane + p]);
	}

}
