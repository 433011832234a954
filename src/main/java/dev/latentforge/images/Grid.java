package dev.latentforge.images;

import java.util.List;

/**
 * Tiles equally sized float images (C, H, W) into one image, row by row, with a padding
 * of mid-grey between tiles, as sample grids are shown.
 */
public final class Grid {

	private static final float PAD_VALUE = 0.5f;

	private Grid() {
	}

	/**
	 * Tiles images into a grid.
	 * @param images the images, each C·H·W values
	 * @param channels channels per image
	 * @param height image height
	 * @param width image width
	 * @param columns tiles per row
	 * @param padding pixels between tiles and around the grid
	 * @return the grid as (C, gridHeight, gridWidth) values with its size
	 */
	public static Tiled tile(List<float[]> images, int channels, int height, int width, int columns, int padding) {
		int cols = Math.max(1, Math.min(columns, images.size()));
		int rows = Math.max(1, (images.size() + cols - 1) / cols);
		int gridHeight = rows * height + (rows + 1) * padding;
		int gridWidth = cols * width + (cols + 1) * padding;
		float[] out = new float[channels * gridHeight * gridWidth];
		java.util.Arrays.fill(out, PAD_VALUE);
		for (int i = 0; i < images.size(); i++) {
			float[] image = images.get(i);
			int top = padding + (i / cols) * (height + padding);
			int left = padding + (i % cols) * (width + padding);
			for (int c = 0; c < channels; c++) {
				for (int y = 0; y < height; y++) {
					System.arraycopy(image, c * height * width + y * width, out,
							c * gridHeight * gridWidth + (top + y) * gridWidth + left, width);
				}
			}
		}
		return new Tiled(out, channels, gridHeight, gridWidth);
	}

	/** Tiles images and encodes the grid as a PNG. */
	public static byte[] png(List<float[]> images, int channels, int height, int width, int columns) {
		Tiled grid = tile(images, channels, height, width, columns, 2);
		return Png.encode(grid.values(), grid.channels(), grid.height(), grid.width());
	}

	/**
	 * A tiled grid.
	 *
	 * @param values (C, H, W) values
	 * @param channels channels
	 * @param height grid height
	 * @param width grid width
	 */
	public record Tiled(float[] values, int channels, int height, int width) {
	}

}
