package dev.latentforge.datasets.upload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo.AttributeInfo;
import dev.latentforge.datasets.DatasetInfo.AttributeKind;
import dev.latentforge.datasets.DatasetProperties;
import dev.latentforge.datasets.TestFiles;
import dev.latentforge.tensors.DType;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockMultipartFile;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadParserTests {

	private final UploadParser parser = new UploadParser(
			new DatasetProperties(100, DataSize.ofMegabytes(1), Path.of("/nonexistent")));

	private static MockMultipartFile file(String field, byte[] bytes) {
		return new MockMultipartFile(field, field + ".bin", "application/octet-stream", bytes);
	}

	private static MockMultipartFile csv(String text) {
		return new MockMultipartFile("attributes", "a.csv", "text/csv", text.getBytes(StandardCharsets.UTF_8));
	}

	private static UploadForm idx(byte[] images, byte[] labels, String classNames, String fraction, String seed,
			MockMultipartFile attributes) {
		return new UploadForm("set", file("images", images), (labels != null) ? file("labels", labels) : null,
				classNames, null, null, null, fraction, seed, attributes);
	}

	private static UploadForm archive(byte[] zip, String fraction, MockMultipartFile attributes) {
		return new UploadForm("set", null, null, null, file("archive", zip), null, null, fraction, null, attributes);
	}

	@Test
	void idxLabelsDefaultToNumberedClassesUpToTheLargestLabel() {
		UploadedDataset upload = this.parser
			.parse(idx(TestFiles.idxImages(4, 3, 3), TestFiles.idxLabels(0, 3, 3, 1), null, null, null, null));
		assertThat(upload.classes()).containsExactly("0", "1", "2", "3");
		assertThat(upload.splits()).containsOnlyKeys("train");
		assertThat(upload.splits().get("train").labels()).containsExactly(0, 3, 3, 1);
		assertThat(upload.bitDepth()).isEqualTo(8);
	}

	@Test
	void testFractionIsStratifiedDeterministicAndKeepsAttributesWithTheirImages() {
		int n = 40;
		int[] labels = new int[n];
		StringBuilder attributes = new StringBuilder("index,colour\n");
		for (int i = 0; i < n; i++) {
			labels[i] = (i < 32) ? 0 : 1;
			attributes.append(i).append(',').append((i % 2 == 0) ? "red" : "blue").append('\n');
		}
		UploadForm form = idx(TestFiles.idxImages(n, 2, 2), TestFiles.idxLabels(labels), "a,b", "0.25", "7",
				csv(attributes.toString()));
		UploadedDataset first = this.parser.parse(form);
		SplitData train = first.splits().get("train");
		SplitData test = first.splits().get("test");
		assertThat(test.count()).isEqualTo(10);
		assertThat(Arrays.stream(test.labels()).filter((label) -> label == 0).count()).isEqualTo(8);
		assertThat(Arrays.stream(test.labels()).filter((label) -> label == 1).count()).isEqualTo(2);
		// Each image keeps its own attribute row: the index column names the image,
		// whose first pixel is its index (TestFiles.idxImages).
		for (SplitData split : new SplitData[] { train, test }) {
			float[] values = split.attributes().toFloatArray();
			byte[] pixels = split.images().rawData();
			for (int i = 0; i < split.count(); i++) {
				assertThat((int) values[2 * i]).isEqualTo(pixels[4 * i]);
				assertThat(values[2 * i + 1]).isEqualTo((values[2 * i] % 2 == 0) ? 1f : 0f);
			}
		}
		assertThat(first.attributes()).containsExactly(
				new AttributeInfo("index", AttributeKind.NUMERIC, null, 0.0, 39.0),
				new AttributeInfo("colour", AttributeKind.CATEGORICAL, java.util.List.of("blue", "red"), null, null));
		UploadedDataset again = this.parser.parse(form);
		assertThat(again.splits().get("test").images()).isEqualTo(test.images());
		UploadForm otherSeed = idx(TestFiles.idxImages(n, 2, 2), TestFiles.idxLabels(labels), "a,b", "0.25", "8", null);
		assertThat(this.parser.parse(otherSeed).splits().get("test").images()).isNotEqualTo(test.images());
	}

	@Test
	void archiveClassesAreSortedFolderNamesAndImagesSortedByPath() {
		byte[] zip = TestFiles
			.zip(TestFiles.entries("zebra/2.png", TestFiles.greyPng(3, 2, 20), "ant/9.png", TestFiles.greyPng(3, 2, 90),
					"zebra/1.png", TestFiles.greyPng(3, 2, 10), "__MACOSX/zebra/._1.png", new byte[] { 1 }));
		UploadedDataset upload = this.parser.parse(archive(zip, null, null));
		assertThat(upload.classes()).containsExactly("ant", "zebra");
		SplitData train = upload.splits().get("train");
		assertThat(train.labels()).containsExactly(0, 1, 1);
		assertThat(train.images().shape()).containsExactly(3, 1, 2, 3);
		assertThat(train.images().rawData()[0]).isEqualTo((byte) 90);
		assertThat(train.images().rawData()[6]).isEqualTo((byte) 10);
		assertThat(train.images().rawData()[12]).isEqualTo((byte) 20);
	}

	@Test
	void sixteenBitRgbAndUnlabelledArchivesAreStoredAsTheyAre() {
		byte[] grey16 = TestFiles
			.zip(TestFiles.entries("b.png", TestFiles.grey16Png(2, 2, 60000), "a.png", TestFiles.grey16Png(2, 2, 7)));
		UploadedDataset upload = this.parser.parse(archive(grey16, null, null));
		assertThat(upload.bitDepth()).isEqualTo(16);
		assertThat(upload.classes()).isEmpty();
		SplitData train = upload.splits().get("train");
		assertThat(train.images().dtype()).isEqualTo(DType.UINT16);
		assertThat(train.labels()).isNull();
		assertThat(train.images().toIntArray()).containsExactly(7, 7, 7, 7, 60000, 60000, 60000, 60000);
		byte[] rgb = TestFiles.zip(TestFiles.entries("a.png", TestFiles.rgbPng(1, 1, 10, 20, 30)));
		SplitData colour = this.parser.parse(archive(rgb, null, null)).splits().get("train");
		assertThat(colour.images().shape()).containsExactly(1, 3, 1, 1);
		assertThat(colour.images().rawData()).containsExactly(10, 20, 30);
	}

	@Test
	void topLevelTrainAndTestFoldersAreSplitsAndAFileColumnMatchesAttributesByPath() {
		byte[] zip = TestFiles.zip(TestFiles.entries("train/cat/1.png", TestFiles.greyPng(2, 2, 1), "train/dog/2.png",
				TestFiles.greyPng(2, 2, 2), "test/dog/3.png", TestFiles.greyPng(2, 2, 3)));
		UploadedDataset upload = this.parser
			.parse(archive(zip, null, csv("size,file\n3,test/dog/3.png\n1,train/cat/1.png\n2,train/dog/2.png\n")));
		assertThat(upload.classes()).containsExactly("cat", "dog");
		assertThat(upload.splits().get("train").labels()).containsExactly(0, 1);
		assertThat(upload.splits().get("test").labels()).containsExactly(1);
		assertThat(upload.splits().get("train").attributes().toFloatArray()).containsExactly(1f, 2f);
		assertThat(upload.splits().get("test").attributes().toFloatArray()).containsExactly(3f);
		assertThat(upload.attributes()).extracting(AttributeInfo::name).containsExactly("size");
	}

	@Test
	void archiveAttributesWithoutAFileColumnFollowSortedPathOrder() {
		byte[] zip = TestFiles
			.zip(TestFiles.entries("b.png", TestFiles.greyPng(1, 1, 2), "a.png", TestFiles.greyPng(1, 1, 1)));
		UploadedDataset upload = this.parser.parse(archive(zip, null, csv("weight\n10\n20\n")));
		SplitData train = upload.splits().get("train");
		assertThat(train.images().rawData()).containsExactly(1, 2);
		assertThat(train.attributes().toFloatArray()).containsExactly(10f, 20f);
	}

	@Test
	void refusesAFileColumnThatMissesAnImageOrNamesAnUnknownOne() {
		byte[] zip = TestFiles
			.zip(TestFiles.entries("a.png", TestFiles.greyPng(1, 1, 1), "b.png", TestFiles.greyPng(1, 1, 2)));
		assertInvalid(() -> this.parser.parse(archive(zip, null, csv("file,w\na.png,1\n"))), "attributes",
				"has no row for 'b.png'");
		assertInvalid(() -> this.parser.parse(archive(zip, null, csv("file,w\na.png,1\nb.png,2\nc.png,3\n"))),
				"attributes", "names file 'c.png', which is not an image");
	}

	@Test
	void refusesDeepOrMixedLayoutsAndFilesThatAreNotPngs() {
		assertInvalid(
				() -> this.parser.parse(
						archive(TestFiles.zip(TestFiles.entries("a/b/c.png", TestFiles.greyPng(1, 1, 1))), null, null)),
				"archive", "nested too deep");
		assertInvalid(
				() -> this.parser.parse(archive(TestFiles.zip(TestFiles.entries("a.png", TestFiles.greyPng(1, 1, 1),
						"cat/b.png", TestFiles.greyPng(1, 1, 1))), null, null)),
				"archive", "mixes images at the top level");
		assertInvalid(
				() -> this.parser
					.parse(archive(TestFiles.zip(TestFiles.entries("a.jpg", new byte[] { 1 })), null, null)),
				"archive", "is not a .png file");
	}

	@Test
	void refusesAHoldOutThatLeavesASplitEmpty() {
		UploadForm form = idx(TestFiles.idxImages(2, 2, 2), null, null, "0.1", null, null);
		assertThatThrownBy(() -> this.parser.parse(form)).isInstanceOfSatisfying(ApiException.class, (ex) -> {
			assertThat(ex.type()).isEqualTo(ProblemType.VALIDATION);
			assertThat(ex.fieldProblems().get(0).field()).isEqualTo("testFraction");
			assertThat(ex.getMessage()).contains("leaves no test images out of 2");
		});
	}

	@Test
	void reportsEveryFieldProblemAtOnce() {
		UploadForm form = new UploadForm(" ", null, null, "a,a", null, null, file("testLabels", new byte[] { 1 }), "2",
				"x", null);
		assertThatThrownBy(() -> this.parser.parse(form)).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.fieldProblems()).extracting((problem) -> problem.field())
					.containsExactly("name", "images", "classNames", "testLabels", "classNames", "testFraction",
							"splitSeed"));
	}

	private static void assertInvalid(Runnable upload, String field, String reason) {
		assertThatThrownBy(upload::run).isInstanceOfSatisfying(ApiException.class, (ex) -> {
			assertThat(ex.type()).isEqualTo(ProblemType.INVALID_UPLOAD);
			assertThat(ex.fieldProblems()).singleElement().satisfies((problem) -> {
				assertThat(problem.field()).isEqualTo(field);
				assertThat(problem.reason()).contains(reason);
			});
		});
	}

}
