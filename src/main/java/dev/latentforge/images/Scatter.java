package dev.latentforge.images;

import java.util.Arrays;

/**
 * Plots 2-D points as a square PNG: white background, equal scales on both axes fitted to
 * the points with a margin, the axes through the origin in light grey when in view, each
 * point a 3×3 dot coloured by its label (Tableau's ten colours, repeating).
 */
public final class Scatter {

	private static final int[] PALETTE = { 0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
			0x7f7f7f, 0xbcbd22, 0x17becf };

	private static final float AXIS = 0.85f;

	private Scatter() {
	}

	/**
	 * Plots points.
	 * @param xs the x coordinates
	 * @param ys the y coordinates (up)
	 * @param labels a label per point, or {@code null} for one colour
	 * @param size the width and height in pixels
	 * @return the PNG
	 */
	public static byte[] png(float[] xs, float[] ys, int[] labels, int size) {
		return Png.encode(render(xs, ys, labels, size), 3, size, size);
	}

	/** The plot as RGB (C, H, W) values in [0, 1]. */
	static float[] render(float[] xs, float[] ys, int[] labels, int size) {
		int plane = size * size;
		float[] rgb = new float[3 * plane];
		Arrays.fill(rgb, 1f);
		double minX = min(xs);
		double maxX = max(xs);
		double minY = min(ys);
		double maxY = max(ys);
		double span = Math.max(Math.max(maxX - minX, maxY - minY), 1e-6) * 1.1;
		double centreX = (minX + maxX) / 2;
		double centreY = (minY + maxY) / 2;
		double scale = (size - 1) / span;
		int originX = (int) Math.round((0 - centreX) * scale + (size - 1) / 2.0);
		int originY = (int) Math.round((size - 1) / 2.0 - (0 - centreY) * scale);
		for (int i = 0; i < size; i++) {
			if (originX >= 0 && originX < size) {
				set(rgb, plane, size, originX, i, AXIS, AXIS, AXIS);
			}
			if (originY >= 0 && originY < size) {
				set(rgb, plane, size, i, originY, AXIS, AXIS, AXIS);
			}
		}
		for (int i = 0; i < xs.length; i++) {
			int px = (int) Math.round((xs[i] - centreX) * scale + (size - 1) / 2.0);
			int py = (int) Math.round((size - 1) / 2.0 - (ys[i] - centreY) * scale);
			int colour = PALETTE[(labels != null) ? Math.floorMod(labels[i], PALETTE.length) : 0];
			float r = ((colour >> 16) & 0xFF) / 255f;
			float g = ((colour >> 8) & 0xFF) / 255f;
			float b = (colour & 0xFF) / 255f;
			for (int dy = -1; dy <= 1; dy++) {
				for (int dx = -1; dx <= 1; dx++) {
					int x = px + dx;
					int y = py + dy;
					if (x >= 0 && x < size && y >= 0 && y < size) {
						set(rgb, plane, size, x, y, r, g, b);
					}
				}
			}
		}
		return rgb;
	}

	private static void set(float[] rgb, int plane, int size, int x, int y, float r, float g, float b) {
		rgb[y * size + x] = r;
		rgb[plane + y * size + x] = g;
		rgb[2 * plane + y * size + x] = b;
	}

	private static double min(float[] values) {
		double min = Double.POSITIVE_INFINITY;
		for (float value : values) {
			min = Math.min(min, value);
		}
		return values.length == 0 ? 0 : min;
	}

	private static double max(float[] values) {
		double max = Double.NEGATIVE_INFINITY;
		for (float value : values) {
			max = Math.max(max, value);
		}
		return values.length == 0 ? 0 : max;
	}

}
