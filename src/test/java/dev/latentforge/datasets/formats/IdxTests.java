package dev.latentforge.datasets.formats;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import dev.latentforge.datasets.TestFiles;
import dev.latentforge.tensors.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxTests {

	private static Idx.Array read(byte[] bytes) throws IOException {
		return Idx.read(new ByteArrayInputStream(bytes), 1 << 20);
	}

	@Test
	void readsGreyImagesAsNchw() throws IOException {
		Tensor images = read(TestFiles.idxImages(3, 2, 4)).toImages();
		assertThat(images.shape()).containsExactly(3, 1, 2, 4);
		// image 2, y 1, x 3 = (2 + 1 + 3)
		assertThat(images.rawData()[2 * 8 + 1 * 4 + 3]).isEqualTo((byte) 6);
	}

	@Test
	void transposesChannelsLastToChannelsFirst() throws IOException {
		// one 1x2 RGB image: pixel 0 = (1, 2, 3), pixel 1 = (4, 5, 6)
		byte[] file = TestFiles.idx(0x08, new int[] { 1, 1, 2, 3 }, new byte[] { 1, 2, 3, 4, 5, 6 });
		Tensor images = read(file).toImages();
		assertThat(images.shape()).containsExactly(1, 3, 1, 2);
		assertThat(images.rawData()).containsExactly(1, 4, 2, 5, 3, 6);
	}

	@Test
	void readsGzippedFilesByMagicNotByName() throws IOException {
		Idx.Array labels = read(TestFiles.gzip(TestFiles.idxLabels(0, 9, 255)));
		assertThat(labels.toLabels()).containsExactly(0, 9, 255);
	}

	@Test
	void refusesBadMagic() {
		byte[] file = TestFiles.idxLabels(1, 2);
		file[0] = 7;
		assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidFileException.class).hasMessageContaining("bad magic");
	}

	@Test
	void refusesTypesOtherThanUnsignedByte() {
		byte[] file = TestFiles.idx(0x0D, new int[] { 1 }, new byte[4]);
		assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("0x0D (float32)");
	}

	@Test
	void refusesDataShorterThanTheDimensions() {
		byte[] file = TestFiles.idx(0x08, new int[] { 10, 28, 28 }, new byte[100]);
		assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("need 7840 bytes of data but the file holds 100");
	}

	@Test
	void refusesDataLongerThanTheDimensions() {
		byte[] file = TestFiles.idx(0x08, new int[] { 2 }, new byte[3]);
		assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("more data than its dimensions");
	}

	@Test
	void aHugeClaimedSizeFailsOnTheDataNotOnAllocation() {
		byte[] file = TestFiles.idx(0x08, new int[] { 40000, 200, 200 }, new byte[16]);
		assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("need 1600000000 bytes");
	}

	@Test
	void refusesTruncatedGzip() {
		byte[] gzip = TestFiles.gzip(TestFiles.idxImages(50, 8, 8));
		byte[] truncated = Arrays.copyOf(gzip, gzip.length / 2);
		assertThatThrownBy(() -> read(truncated)).isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("corrupt or truncated gzip");
	}

	@Test
	void stopsInflatingAtTheLimit() {
		byte[] gzip = TestFiles.gzip(TestFiles.idx(0x08, new int[] { 100000 }, new byte[100000]));
		assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(gzip), 50000))
			.isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("limit of 50000 bytes");
	}

	@Test
	void refusesImagesOfTheWrongRank() throws IOException {
		Idx.Array labels = read(TestFiles.idxLabels(1, 2, 3));
		assertThatThrownBy(labels::toImages).isInstanceOf(InvalidFileException.class).hasMessageContaining("rank 3");
		Idx.Array images = read(TestFiles.idxImages(2, 2, 2));
		assertThatThrownBy(images::toLabels).isInstanceOf(InvalidFileException.class).hasMessageContaining("rank 1");
	}

}
