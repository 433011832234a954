package dev.latentforge.datasets.builtin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShapesTests {

	private static final int PIXELS = Shapes.SIZE * Shapes.SIZE;

	private static BuiltinDataset.Content content;

	@BeforeAll
	static void generate() {
		content = new Shapes().generate();
	}

	@Test
	void isPinnedToItsVersion(@TempDir Path dir) throws IOException {
		DatasetInfo stored = BuiltinFixtures.store(content, dir);
		// A changed generator must change Shapes.version(), then this hash.
		assertThat(stored.version()).isEqualTo(1);
		assertThat(stored.sha256()).isEqualTo("90283b3b778f8b1c67d5ec1820284aea17e5762f1b5173e318c1212b2a5d8fc6");
		assertThat(stored.splits().get("train").count()).isEqualTo(10_000);
		assertThat(stored.splits().get("test").count()).isEqualTo(2_000);
		assertThat(stored.classes()).containsExactly("circle", "square", "triangle", "cross", "ring", "star");
	}

	@Test
	void generatesTheSameBytesEveryTime() {
		BuiltinDataset.Content again = new Shapes().generate();
		for (String split : content.splits().keySet()) {
			SplitData first = content.splits().get(split);
			SplitData second = again.splits().get(split);
			assertThat(second.images()).isEqualTo(first.images());
			assertThat(second.labels()).isEqualTo(first.labels());
			assertThat(second.attributes()).isEqualTo(first.attributes());
		}
	}

	@Test
	void classesAreBalanced() {
		for (SplitData split : content.splits().values()) {
			int[] counts = new int[6];
			Arrays.stream(split.labels()).forEach((label) -> counts[label]++);
			assertThat(Arrays.stream(counts).max().getAsInt() - Arrays.stream(counts).min().getAsInt())
				.isLessThanOrEqualTo(1);
		}
	}

	@Test
	void everyShapeKeepsABlackBorderAndIsVisible() {
		for (SplitData split : content.splits().values()) {
			byte[] pixels = split.images().rawData();
			for (int i = 0; i < split.count(); i++) {
				int lit = 0;
				for (int p = 0; p < PIXELS; p++) {
					int y = p / Shapes.SIZE;
					int x = p % Shapes.SIZE;
					int value = pixels[i * PIXELS + p] & 0xFF;
					if (x == 0 || y == 0 || x == Shapes.SIZE - 1 || y == Shapes.SIZE - 1) {
						assertThat(value).as("border pixel of image %d", i).isZero();
					}
					lit += value > 0 ? 1 : 0;
				}
				assertThat(lit).as("lit pixels of image %d", i).isGreaterThan(10);
			}
		}
	}

	@Test
	void attributesStayInTheirDocumentedRanges() {
		SplitData train = content.splits().get("train");
		float[] attributes = train.attributes().toFloatArray();
		for (int i = 0; i < train.count(); i++) {
			float size = attributes[6 * i];
			float margin = Math.min(4, 13 - size);
			assertThat(size).isBetween(5f, 11f);
			assertThat(Math.abs(attributes[6 * i + 1])).isLessThanOrEqualTo(margin + 1e-5f);
			assertThat(Math.abs(attributes[6 * i + 2])).isLessThanOrEqualTo(margin + 1e-5f);
			assertThat(attributes[6 * i + 3]).isBetween(0f, 360f);
			assertThat(attributes[6 * i + 4]).isBetween(0.5f, 1f);
			Shape shape = Shape.values()[train.labels()[i]];
			float stroke = attributes[6 * i + 5];
			if (shape.stroked()) {
				assertThat(stroke).isBetween(1.5f, 0.4f * size + 1e-5f);
			}
			else {
				assertThat(stroke).isZero();
			}
		}
	}

	@Test
	void attributesMatchWhatIsDrawn() {
		SplitData train = content.splits().get("train");
		byte[] pixels = train.images().rawData();
		float[] attributes = train.attributes().toFloatArray();
		for (int i = 0; i < train.count(); i++) {
			double sum = 0;
			double sumX = 0;
			double sumY = 0;
			int max = 0;
			for (int p = 0; p < PIXELS; p++) {
				int value = pixels[i * PIXELS + p] & 0xFF;
				sum += value;
				sumX += value * (p % Shapes.SIZE + 0.5);
				sumY += value * (p / Shapes.SIZE + 0.5);
				max = Math.max(max, value);
			}
			// Every shape is symmetric about its centre (a triangle and a star about
			// their centroid), so the intensity centroid is the centre.
			assertThat(sumX / sum - Shapes.SIZE / 2.0).as("x of image %d", i)
				.isCloseTo(attributes[6 * i + 1], within(0.35));
			assertThat(sumY / sum - Shapes.SIZE / 2.0).as("y of image %d", i)
				.isCloseTo(attributes[6 * i + 2], within(0.35));
			// Some pixel is fully covered, so the brightest pixel is the brightness.
			assertThat(max / 255.0).as("brightness of image %d", i).isCloseTo(attributes[6 * i + 4], within(0.01));
			if (train.labels()[i] == Shape.CIRCLE.ordinal()) {
				// A disc's total intensity is π r² · brightness · 255.
				double area = sum / (255.0 * attributes[6 * i + 4]);
				double size = attributes[6 * i];
				assertThat(area).as("area of disc %d", i).isCloseTo(Math.PI * size * size, within(0.03 * area));
			}
		}
	}

	@Test
	void rotationTurnsASquareButNotACircle() {
		assertThat(draw(Shape.SQUARE, 0)).isNotEqualTo(draw(Shape.SQUARE, 30));
		assertThat(draw(Shape.SQUARE, 0)).isEqualTo(draw(Shape.SQUARE, 90));
		assertThat(draw(Shape.CIRCLE, 0)).isEqualTo(draw(Shape.CIRCLE, 30));
	}

	private static byte[] draw(Shape shape, double rotation) {
		byte[] pixels = new byte[PIXELS];
		Shapes.draw(shape, 8, 0, 0, rotation, 1, 0, pixels, 0);
		return pixels;
	}

}
