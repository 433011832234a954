package dev.latentforge.datasets.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetProperties;
import dev.latentforge.datasets.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FashionMnistTests {

	@TempDir
	Path dir;

	private FashionMnist fashionMnist(Path directory) {
		return new FashionMnist(new DatasetProperties(100, DataSize.ofMegabytes(10), directory));
	}

	@Test
	void isUnavailableWithoutItsDirectory() {
		assertThat(fashionMnist(this.dir.resolve("missing")).available()).isFalse();
		assertThat(fashionMnist(this.dir).required()).isFalse();
	}

	@Test
	void convertsGzippedAndPlainIdxFilesLikeDebiansPackage() throws IOException {
		Files.write(this.dir.resolve("train-images-idx3-ubyte.gz"), TestFiles.gzip(TestFiles.idxImages(3, 28, 28)));
		Files.write(this.dir.resolve("train-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(9, 0, 4)));
		Files.write(this.dir.resolve("t10k-images-idx3-ubyte"), TestFiles.idxImages(2, 28, 28));
		Files.write(this.dir.resolve("t10k-labels-idx1-ubyte"), TestFiles.idxLabels(1, 8));
		FashionMnist fashionMnist = fashionMnist(this.dir);
		assertThat(fashionMnist.available()).isTrue();
		BuiltinDataset.Content content = fashionMnist.generate();
		assertThat(content.info().classes()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
		assertThat(content.info().id()).isEqualTo("fashion-mnist");
		SplitData train = content.splits().get("train");
		assertThat(train.images().shape()).containsExactly(3, 1, 28, 28);
		assertThat(train.labels()).containsExactly(9, 0, 4);
		assertThat(content.splits().get("test").labels()).containsExactly(1, 8);
	}

	@Test
	void refusesLabelsOutsideTheTenClasses() throws IOException {
		Files.write(this.dir.resolve("train-images-idx3-ubyte"), TestFiles.idxImages(1, 28, 28));
		Files.write(this.dir.resolve("train-labels-idx1-ubyte"), TestFiles.idxLabels(10));
		assertThatThrownBy(() -> fashionMnist(this.dir).generate()).hasMessageContaining("label 10");
	}

}
