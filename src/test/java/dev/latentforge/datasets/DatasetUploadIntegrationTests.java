package dev.latentforge.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.web.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import static dev.latentforge.datasets.DatasetApiIntegrationTests.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class DatasetUploadIntegrationTests extends DatasetsIntegrationTestSupport {

	@Autowired
	MockMvc mvc;

	@Autowired
	DatasetCatalog catalog;

	@Autowired
	DatasetRepository repository;

	private static MockMultipartFile part(String field, byte[] bytes) {
		return new MockMultipartFile(field, field + ".bin", "application/octet-stream", bytes);
	}

	private static byte[] png(int value) {
		return TestFiles.greyPng(4, 4, value);
	}

	private static byte[] zip(Object... pathsAndBytes) {
		return TestFiles.zip(TestFiles.entries(pathsAndBytes));
	}

	@Test
	void storesAnIdxUploadWithLabelsClassNamesAndATestSplit() throws Exception {
		String json = this.mvc
			.perform(multipart("/api/v1/datasets").file(part("images", TestFiles.gzip(TestFiles.idxImages(5, 6, 7))))
				.file(part("labels", TestFiles.idxLabels(0, 1, 1, 2, 0)))
				.file(part("testImages", TestFiles.idxImages(2, 6, 7)))
				.file(part("testLabels", TestFiles.idxLabels(2, 2)))
				.param("name", "  digits  ")
				.param("classNames", "zero, one, two"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", startsWith("http://localhost/api/v1/datasets/")))
			.andExpect(jsonPath("$.name").value("digits"))
			.andExpect(jsonPath("$.builtin").value(false))
			.andExpect(jsonPath("$.version").value(1))
			.andExpect(jsonPath("$.count").value(7))
			.andExpect(jsonPath("$.height").value(6))
			.andExpect(jsonPath("$.width").value(7))
			.andExpect(jsonPath("$.classes[2]").value("two"))
			.andExpect(jsonPath("$.splits.train.classCounts.one").value(2))
			.andExpect(jsonPath("$.splits.test.classCounts.two").value(2))
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode body = JsonMapper.builder().build().readTree(json);
		String id = body.get("id").asString();
		assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
		Path dir = this.catalog.directory(id);
		assertThat(dir).isEqualTo(DATA_DIR.resolve("datasets/uploads/" + id));
		DatasetInfo info = this.catalog.require(id);
		assertThat(info.sha256()).isEqualTo(body.get("sha256").asString())
			.isEqualTo(DatasetFiles.computeSha256(dir, info));
		SplitData train = DatasetFiles.readSplit(dir, "train");
		assertThat(train.images().shape()).containsExactly(5, 1, 6, 7);
		assertThat(train.labels()).containsExactly(0, 1, 1, 2, 0);
	}

	@Test
	void storesAnArchiveWithAttributesAndAHoldOut() throws Exception {
		StringBuilder csv = new StringBuilder("file,shade\n");
		Object[] entries = new Object[2 * 20];
		for (int i = 0; i < 20; i++) {
			String path = ((i < 10) ? "light/" : "dark/") + String.format("%02d.png", i);
			entries[2 * i] = path;
			entries[2 * i + 1] = png(i * 10);
			csv.append(path).append(',').append(i * 10).append('\n');
		}
		this.mvc
			.perform(multipart("/api/v1/datasets").file(part("archive", zip(entries)))
				.file(part("attributes", csv.toString().getBytes()))
				.param("name", "shades")
				.param("testFraction", "0.2")
				.param("splitSeed", "42"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.classes[0]").value("dark"))
			.andExpect(jsonPath("$.splits.train.classCounts.dark").value(8))
			.andExpect(jsonPath("$.splits.test.classCounts.light").value(2))
			.andExpect(jsonPath("$.attributes[0].name").value("shade"))
			.andExpect(jsonPath("$.attributes[0].max").value(190.0));
	}

	@Test
	void refusesAnUploadWithoutAName() throws Exception {
		refused(upload().file(part("images", TestFiles.idxImages(1, 2, 2))), ProblemType.VALIDATION, "name",
				"is required");
	}

	@Test
	void refusesNeitherOrBothOfImagesAndArchive() throws Exception {
		refused(upload(), ProblemType.VALIDATION, "images", "send either images");
		refused(upload().file(part("images", TestFiles.idxImages(1, 2, 2))).file(part("archive", zip("a.png", png(1)))),
				ProblemType.VALIDATION, "archive", "not both");
	}

	@Test
	void refusesAnIdxFileWithBadMagic() throws Exception {
		refused(upload().file(part("images", png(1))), ProblemType.INVALID_UPLOAD, "images", "bad magic");
	}

	@Test
	void refusesAnIdxFileOfAnUnsupportedType() throws Exception {
		refused(upload().file(part("images", TestFiles.idx(0x0C, new int[] { 1, 1, 1 }, new byte[4]))),
				ProblemType.INVALID_UPLOAD, "images", "unsupported IDX type 0x0C");
	}

	@Test
	void refusesAnIdxFileWhoseDimensionsDoNotMatchItsLength() throws Exception {
		byte[] images = Arrays.copyOf(TestFiles.idxImages(3, 4, 4), 4 + 12 + 40);
		refused(upload().file(part("images", images)), ProblemType.INVALID_UPLOAD, "images",
				"need 48 bytes of data but the file holds 40");
	}

	@Test
	void refusesATruncatedGzip() throws Exception {
		byte[] gzip = TestFiles.gzip(TestFiles.idxImages(30, 8, 8));
		refused(upload().file(part("images", Arrays.copyOf(gzip, gzip.length - 10))), ProblemType.INVALID_UPLOAD,
				"images", "corrupt or truncated gzip");
	}

	@Test
	void refusesLabelsThatDoNotMatchTheImageCount() throws Exception {
		refused(upload().file(part("images", TestFiles.idxImages(3, 2, 2)))
			.file(part("labels", TestFiles.idxLabels(0, 1))), ProblemType.INVALID_UPLOAD, "labels",
				"has 2 labels but images has 3 images");
	}

	@Test
	void refusesALabelOutsideTheClassNames() throws Exception {
		refused(upload().file(part("images", TestFiles.idxImages(2, 2, 2)))
			.file(part("labels", TestFiles.idxLabels(0, 2)))
			.param("classNames", "a,b"), ProblemType.INVALID_UPLOAD, "labels",
				"label 2 (entry 1) is outside the 2 classNames");
	}

	@Test
	void refusesACorruptZip() throws Exception {
		byte[] zip = zip("a.png", TestFiles.idxImages(100, 10, 10));
		refused(upload().file(part("archive", Arrays.copyOf(zip, zip.length / 2))), ProblemType.INVALID_UPLOAD,
				"archive", "corrupt ZIP archive");
	}

	@ParameterizedTest
	@ValueSource(strings = { "../x.png", "/x.png", "a\\x.png", "C:/x.png" })
	void refusesAZipEntryOutsideTheRoot(String name) throws Exception {
		refused(upload().file(part("archive", zip("a.png", png(1), name, png(1)))), ProblemType.INVALID_UPLOAD,
				"archive", "entry '");
		assertThat(DATA_DIR.getParent().resolve("x.png")).doesNotExist();
	}

	@Test
	void refusesTooManyEntries() throws Exception {
		Object[] entries = new Object[2 * 51];
		for (int i = 0; i < 51; i++) {
			entries[2 * i] = i + ".png";
			entries[2 * i + 1] = png(1);
		}
		refused(upload().file(part("archive", zip(entries))), ProblemType.INVALID_UPLOAD, "archive",
				"more than 50 entries");
	}

	@Test
	void refusesAnArchiveTooLargeWhenInflated() throws Exception {
		refused(upload().file(part("archive", zip("a.png", new byte[2 << 20]))), ProblemType.INVALID_UPLOAD, "archive",
				"inflates to more than the limit of 1048576 bytes");
	}

	@Test
	void refusesACorruptPng() throws Exception {
		byte[] broken = Arrays.copyOf(png(1), 30);
		refused(upload().file(part("archive", zip("a.png", png(1), "b.png", broken))), ProblemType.INVALID_UPLOAD,
				"archive", "entry 'b.png'");
	}

	@Test
	void refusesImagesOfMixedSizeChannelsOrBitDepth() throws Exception {
		refused(upload().file(part("archive", zip("a.png", png(1), "b.png", TestFiles.greyPng(5, 4, 1)))),
				ProblemType.INVALID_UPLOAD, "archive", "'b.png' is 5x4, grey, 8-bit but 'a.png' is 4x4, grey, 8-bit");
		refused(upload().file(part("archive", zip("a.png", png(1), "b.png", TestFiles.rgbPng(4, 4, 1, 2, 3)))),
				ProblemType.INVALID_UPLOAD, "archive", "RGB");
		refused(upload().file(part("archive", zip("a.png", png(1), "b.png", TestFiles.grey16Png(4, 4, 1)))),
				ProblemType.INVALID_UPLOAD, "archive", "16-bit");
	}

	@Test
	void refusesAttributesWithTheWrongRowCount() throws Exception {
		refused(upload().file(part("images", TestFiles.idxImages(3, 2, 2)))
			.file(part("attributes", "w\n1\n2\n".getBytes())), ProblemType.INVALID_UPLOAD, "attributes",
				"has 2 rows but there are 3 train images");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "1", "1.5", "-0.1", "half" })
	void refusesATestFractionOutOfRange(String fraction) throws Exception {
		refused(upload().file(part("images", TestFiles.idxImages(3, 2, 2))).param("testFraction", fraction),
				ProblemType.VALIDATION, "testFraction", "between 0 and 1");
	}

	@Test
	void refusesUnknownFields() throws Exception {
		refused(upload().file(part("image", TestFiles.idxImages(3, 2, 2))), ProblemType.VALIDATION, "image",
				"unknown field");
	}

	private static MockMultipartHttpServletRequestBuilder upload() {
		return multipart("/api/v1/datasets");
	}

	/**
	 * Sends an upload that must be refused with a 400 naming the field, and checks that
	 * it left no file and no row behind.
	 */
	private void refused(MockMultipartHttpServletRequestBuilder request, ProblemType type, String field, String reason)
			throws Exception {
		if (!field.equals("name")) {
			request.param("name", "refused");
		}
		Set<String> filesBefore = files();
		long rowsBefore = this.repository.count();
		this.mvc.perform(request)
			.andExpect(problem(type))
			.andExpect(jsonPath("$.errors[0].field").value(field))
			.andExpect(jsonPath("$.errors[0].reason", containsString(reason)))
			.andExpect(jsonPath("$.detail", containsString(reason)));
		assertThat(files()).isEqualTo(filesBefore);
		assertThat(this.repository.count()).isEqualTo(rowsBefore);
	}

	private static Set<String> files() throws IOException {
		Path root = DATA_DIR.resolve("datasets");
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.map((path) -> root.relativize(path).toString()).collect(TreeSet::new, Set::add, Set::addAll);
		}
	}

}
