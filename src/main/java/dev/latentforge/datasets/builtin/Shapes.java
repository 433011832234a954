package dev.latentforge.datasets.builtin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo.AttributeInfo;
import dev.latentforge.datasets.DatasetInfo.AttributeKind;
import dev.latentforge.datasets.DatasetInfo.DatasetKind;
import dev.latentforge.tensors.Tensor;

import org.springframework.stereotype.Component;

/**
 * Generates {@code shapes}: 28×28 8-bit grey images of one white-ish shape on black,
 * anti-aliased by 4×4 supersampling, six balanced classes ({@link Shape}: circle, square,
 * triangle, cross, ring, star; class counts differ by at most one), 10,000 train and
 * 2,000 test images. Every image has the numeric attributes
 * <ul>
 * <li>{@code size}: the outer radius in pixels, 5 to 11;</li>
 * <li>{@code x}, {@code y}: the centre's offset from the image centre in pixels (y down),
 * within ±4 and within ±(13 − size), so that the shape always keeps a black border of at
 * least one pixel;</li>
 * <li>{@code rotation}: degrees clockwise, 0 to 360; it has no visible effect on circles
 * and rings;</li>
 * <li>{@code brightness}: the shape's intensity, 0.5 to 1.0 (a fully covered pixel is
 * {@code round(255 · brightness)});</li>
 * <li>{@code strokeWidth}: the bar or ring width in pixels, 1.5 to 0.4·size, for cross
 * and ring; 0 for the filled shapes.</li>
 * </ul>
 * Deterministic: one {@link SplittableRandom} per split with a fixed seed, and
 * {@link StrictMath} for every transcendental function.
 */
@Component
public class Shapes implements BuiltinDataset {

	static final int SIZE = 28;

	static final List<String> ATTRIBUTES = List.of("size", "x", "y", "rotation", "brightness", "strokeWidth");

	private static final long SEED = 0x5AA9E5L;

	private static final int SUPERSAMPLING = 4;

	@Override
	public String id() {
		return "shapes";
	}

	@Override
	public int version() {
		return 1;
	}

	@Override
	public Content generate() {
		Map<String, SplitData> splits = new LinkedHashMap<>();
		splits.put("train", split(10_000, new SplittableRandom(SEED)));
		splits.put("test", split(2_000, new SplittableRandom(SEED + 1)));
		List<AttributeInfo> attributes = new ArrayList<>();
		for (int a = 0; a < ATTRIBUTES.size(); a++) {
			float min = Float.POSITIVE_INFINITY;
			float max = Float.NEGATIVE_INFINITY;
			for (SplitData split : splits.values()) {
				float[] values = split.attributes().toFloatArray();
				for (int i = a; i < values.length; i += ATTRIBUTES.size()) {
					min = Math.min(min, values[i]);
					max = Math.max(max, values[i]);
				}
			}
			attributes
				.add(new AttributeInfo(ATTRIBUTES.get(a), AttributeKind.NUMERIC, null, (double) min, (double) max));
		}
		List<String> classes = Arrays.stream(Shape.values()).map(Shape::label).toList();
		return new Content(
				BuiltinDataset.describe(this, "Shapes", DatasetKind.IMAGES, 1, SIZE, SIZE, 8, classes, attributes),
				splits);
	}

	private static SplitData split(int count, SplittableRandom random) {
		int[] labels = BuiltinRandom.balancedLabels(count, Shape.values().length, random);
		byte[] pixels = new byte[count * SIZE * SIZE];
		float[] attributes = new float[count * ATTRIBUTES.size()];
		for (int i = 0; i < count; i++) {
			Shape shape = Shape.values()[labels[i]];
			// Always draw six numbers, whatever the shape, so one image never shifts
			// the next.
			double size = 5 + 6 * random.nextDouble();
			double margin = Math.min(4, 13 - size);
			double x = margin * (2 * random.nextDouble() - 1);
			double y = margin * (2 * random.nextDouble() - 1);
			double rotation = 360 * random.nextDouble();
			double brightness = 0.5 + 0.5 * random.nextDouble();
			double stroke = 1.5 + (0.4 * size - 1.5) * random.nextDouble();
			double strokeWidth = shape.stroked() ? stroke : 0;
			draw(shape, size, x, y, rotation, brightness, strokeWidth, pixels, i * SIZE * SIZE);
			double[] values = { size, x, y, rotation, brightness, strokeWidth };
			for (int a = 0; a < values.length; a++) {
				attributes[i * values.length + a] = (float) values[a];
			}
		}
		return new SplitData(Tensor.ofUint8(new int[] { count, 1, SIZE, SIZE }, pixels), labels,
				Tensor.ofFloats(new int[] { count, ATTRIBUTES.size() }, attributes));
	}

	/**
	 * Draws one shape into {@code pixels} at {@code offset}: each pixel's value is
	 * brightness · 255 · the fraction of its 16 sample points inside the shape.
	 */
	static void draw(Shape shape, double size, double x, double y, double rotation, double brightness,
			double strokeWidth, byte[] pixels, int offset) {
		double cx = SIZE / 2.0 + x;
		double cy = SIZE / 2.0 + y;
		double theta = Math.toRadians(rotation);
		double cos = StrictMath.cos(theta);
		double sin = StrictMath.sin(theta);
		int top = Math.max(0, (int) Math.floor(cy - size));
		int bottom = Math.min(SIZE - 1, (int) Math.ceil(cy + size));
		int left = Math.max(0, (int) Math.floor(cx - size));
		int right = Math.min(SIZE - 1, (int) Math.ceil(cx + size));
		int samples = SUPERSAMPLING * SUPERSAMPLING;
		for (int py = top; py <= bottom; py++) {
			for (int px = left; px <= right; px++) {
				int hits = 0;
				for (int j = 0; j < SUPERSAMPLING; j++) {
					double dy = py + (j + 0.5) / SUPERSAMPLING - cy;
					for (int k = 0; k < SUPERSAMPLING; k++) {
						double dx = px + (k + 0.5) / SUPERSAMPLING - cx;
						// Rotating the point back is rotating the shape forward.
						double u = cos * dx + sin * dy;
						double v = -sin * dx + cos * dy;
						if (shape.contains(u, v, size, strokeWidth)) {
							hits++;
						}
					}
				}
				pixels[offset + py * SIZE + px] = (byte) Math.round(255.0 * brightness * hits / samples);
			}
		}
	}

}
