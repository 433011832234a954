package dev.latentforge.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.latentforge.datasets.DatasetInfo.DatasetKind;
import dev.latentforge.images.Grid;
import dev.latentforge.images.Scatter;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.web.ApiException;

import org.springframework.stereotype.Component;

/**
 * Draws a data set's preview PNG: a grid of the first images of a split (tiny images
 * enlarged to at least 32 pixels), or for points a scatter plot of the split's first
 * {@value #MAX_POINTS} points coloured by label.
 */
@Component
class DatasetPreview {

	static final int MAX_COUNT = 256;

	static final int MAX_POINTS = 20_000;

	static final int SCATTER_SIZE = 480;

	private static final int MIN_TILE = 32;

	/**
	 * Renders a preview.
	 * @param info the data set
	 * @param dir its directory
	 * @param split the split name
	 * @param count how many images to show (ignored for points)
	 * @return the PNG
	 * @throws ApiException 400 for an unknown split or a count outside 1 to 256
	 */
	byte[] render(DatasetInfo info, Path dir, String split, int count) {
		if (!info.splits().containsKey(split)) {
			throw ApiException.invalid("split", "must be one of " + info.splits().keySet());
		}
		if (count < 1 || count > MAX_COUNT) {
			throw ApiException.invalid("count", "must be between 1 and " + MAX_COUNT);
		}
		try {
			return (info.kind() == DatasetKind.POINTS) ? scatter(dir, split) : grid(info, dir, split, count);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read data set " + info.id(), ex);
		}
	}

	private static byte[] grid(DatasetInfo info, Path dir, String split, int count) throws IOException {
		Tensor images = leading(dir.resolve(split + "-images.npy"), count);
		int n = images.dim(0);
		int c = info.channels();
		int h = info.height();
		int w = info.width();
		int scale = Math.max(1, MIN_TILE / Math.max(h, w));
		float[] values = images.toFloatArray();
		float max = (float) info.maxValue();
		List<float[]> tiles = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			float[] tile = new float[c * h * scale * w * scale];
			for (int k = 0; k < c; k++) {
				for (int y = 0; y < h * scale; y++) {
					for (int x = 0; x < w * scale; x++) {
						tile[(k * h * scale + y) * w * scale
								+ x] = values[i * c * h * w + (k * h + y / scale) * w + x / scale] / max;
					}
				}
			}
			tiles.add(tile);
		}
		int columns = (int) Math.ceil(Math.sqrt(n));
		return Grid.png(tiles, c, h * scale, w * scale, columns);
	}

	private static byte[] scatter(Path dir, String split) throws IOException {
		Tensor points = leading(dir.resolve(split + "-images.npy"), MAX_POINTS);
		int n = points.dim(0);
		int d = points.dim(1);
		float[] values = points.toFloatArray();
		float[] xs = new float[n];
		float[] ys = new float[n];
		for (int i = 0; i < n; i++) {
			xs[i] = values[i * d];
			ys[i] = (d > 1) ? values[i * d + 1] : 0f;
		}
		Path labelsFile = dir.resolve(split + "-labels.npy");
		int[] labels = Files.exists(labelsFile) ? Arrays.copyOf(leading(labelsFile, n).toIntArray(), n) : null;
		return Scatter.png(xs, ys, labels, SCATTER_SIZE);
	}

	private static Tensor leading(Path file, int rows) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return Npy.readLeading(in, rows);
		}
	}

}
