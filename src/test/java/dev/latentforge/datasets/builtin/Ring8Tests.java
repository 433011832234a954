package dev.latentforge.datasets.builtin;

import java.io.IOException;
import java.nio.file.Path;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class Ring8Tests {

	private final BuiltinDataset.Content content = new Ring8().generate();

	@Test
	void isPinnedToItsVersion(@TempDir Path dir) throws IOException {
		DatasetInfo stored = BuiltinFixtures.store(content, dir);
		assertThat(stored.version()).isEqualTo(1);
		assertThat(stored.sha256()).isEqualTo("719125f725c583358c99b3e6140eeb05a3cc33b5379e1161f126879d5e17ec0a");
		assertThat(stored.kind()).isEqualTo(DatasetInfo.DatasetKind.POINTS);
		assertThat(stored.width()).isEqualTo(2);
		assertThat(stored.bitDepth()).isEqualTo(32);
		assertThat(stored.classes()).containsExactly("mode-0", "mode-1", "mode-2", "mode-3", "mode-4", "mode-5",
				"mode-6", "mode-7");
		assertThat(stored.splits().get("train").count()).isEqualTo(10_000);
		assertThat(stored.splits().get("test").count()).isEqualTo(2_500);
	}

	@Test
	void generatesTheSameBytesEveryTime() {
		BuiltinDataset.Content again = new Ring8().generate();
		assertThat(again.splits().get("train").images()).isEqualTo(content.splits().get("train").images());
		assertThat(again.splits().get("test").images()).isEqualTo(content.splits().get("test").images());
	}

	@Test
	void pointsScatterAroundTheirModeWithTheDocumentedSpread() {
		SplitData train = content.splits().get("train");
		float[] points = train.images().toFloatArray();
		double[] sum = new double[8 * 2];
		double[] squares = new double[8];
		int[] counts = new int[8];
		for (int i = 0; i < train.count(); i++) {
			int mode = train.labels()[i];
			double[] centre = Ring8.centre(mode);
			double dx = points[2 * i] - centre[0];
			double dy = points[2 * i + 1] - centre[1];
			assertThat(Math.hypot(dx, dy)).as("distance of point %d to its centre", i).isLessThan(6 * Ring8.SIGMA);
			sum[2 * mode] += dx;
			sum[2 * mode + 1] += dy;
			squares[mode] += dx * dx + dy * dy;
			counts[mode]++;
		}
		for (int mode = 0; mode < 8; mode++) {
			assertThat(counts[mode]).isBetween(1249, 1251);
			assertThat(sum[2 * mode] / counts[mode]).isCloseTo(0, within(0.003));
			assertThat(Math.sqrt(squares[mode] / (2 * counts[mode]))).isCloseTo(Ring8.SIGMA, within(0.002));
		}
		assertThat(Ring8.centre(2)[0]).isCloseTo(0, within(1e-12));
		assertThat(Ring8.centre(2)[1]).isCloseTo(2, within(1e-12));
	}

}
