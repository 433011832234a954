package dev.latentforge.datasets.formats;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import dev.latentforge.datasets.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZipArchiveTests {

	private static List<ZipArchive.Entry> read(byte[] zip) throws IOException {
		return ZipArchive.read(new ByteArrayInputStream(zip), 100, 1 << 20);
	}

	@Test
	void readsFilesAndSkipsDirectoriesAndMetadata() throws IOException {
		byte[] zip = TestFiles.zip(TestFiles.entries("cat/", new byte[0], "cat/a.png", new byte[] { 1, 2 },
				"__MACOSX/cat/._a.png", new byte[] { 9 }, "cat/.DS_Store", new byte[] { 9 }, ".hidden/b.png",
				new byte[] { 9 }, "dog/b.png", new byte[] { 3 }));
		List<ZipArchive.Entry> entries = read(zip);
		assertThat(entries).extracting(ZipArchive.Entry::path).containsExactly("cat/a.png", "dog/b.png");
		assertThat(entries.get(0).bytes()).containsExactly(1, 2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "../x.png", "a/../../x.png", "/etc/x.png", "a\\..\\x.png", "C:/x.png", "c:x.png",
			"a//x.png", "./x.png", "a/\u0001.png" })
	void refusesNamesOutsideTheRoot(String name) {
		byte[] zip = TestFiles.zip(TestFiles.entries("ok.png", new byte[] { 1 }, name, new byte[] { 1 }));
		assertThatThrownBy(() -> read(zip)).isInstanceOf(InvalidFileException.class).hasMessageStartingWith("entry '");
	}

	@Test
	void refusesTooManyEntries() {
		byte[] zip = TestFiles.zip(TestFiles.entries("a.png", new byte[1], "b.png", new byte[1], "c/", new byte[0]));
		assertThatThrownBy(() -> ZipArchive.read(new ByteArrayInputStream(zip), 2, 1000))
			.isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("more than 2 entries");
	}

	@Test
	void countsInflatedBytesWhileInflating() {
		// 1 MB of zeros deflates to about 1 KB: the archive is small, its content is not
		byte[] zip = TestFiles.zip(TestFiles.entries("a.png", new byte[1 << 20]));
		assertThat(zip.length).isLessThan(10_000);
		assertThatThrownBy(() -> ZipArchive.read(new ByteArrayInputStream(zip), 10, 100_000))
			.isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("inflates to more than the limit of 100000 bytes");
	}

	@Test
	void refusesSomethingThatIsNotAZip() {
		assertThatThrownBy(() -> read("hello, world".getBytes())).isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("not a ZIP archive");
	}

	@Test
	void refusesATruncatedZip() {
		byte[] zip = TestFiles.zip(TestFiles.entries("a.png", TestFiles.idxImages(200, 20, 20)));
		byte[] truncated = Arrays.copyOf(zip, zip.length / 2);
		assertThatThrownBy(() -> read(truncated)).isInstanceOf(InvalidFileException.class)
			.hasMessageContaining("corrupt ZIP archive");
	}

}
