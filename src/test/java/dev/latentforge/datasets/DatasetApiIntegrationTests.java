package dev.latentforge.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.latentforge.images.Image;
import dev.latentforge.images.Png;
import dev.latentforge.web.ProblemType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class DatasetApiIntegrationTests extends DatasetsIntegrationTestSupport {

	@Autowired
	MockMvc mvc;

	@Autowired
	DatasetCatalog catalog;

	static ResultMatcher problem(ProblemType type) {
		return (result) -> {
			status().is(type.status().value()).match(result);
			content().contentType(MediaType.APPLICATION_PROBLEM_JSON).match(result);
			jsonPath("$.type").value(type.uri().toString()).match(result);
		};
	}

	@Test
	void showsABuiltInWithCountsPerSplitAndClass() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/shapes"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value("shapes"))
			.andExpect(jsonPath("$.kind").value("IMAGES"))
			.andExpect(jsonPath("$.builtin").value(true))
			.andExpect(jsonPath("$.count").value(12_000))
			.andExpect(jsonPath("$.height").value(28))
			.andExpect(jsonPath("$.width").value(28))
			.andExpect(jsonPath("$.channels").value(1))
			.andExpect(jsonPath("$.bitDepth").value(8))
			.andExpect(jsonPath("$.classes[5]").value("star"))
			.andExpect(jsonPath("$.attributes[4].name").value("brightness"))
			.andExpect(jsonPath("$.attributes[4].kind").value("NUMERIC"))
			.andExpect(jsonPath("$.splits.train.count").value(10_000))
			.andExpect(jsonPath("$.splits.test.count").value(2_000))
			.andExpect(jsonPath("$.splits.train.classCounts.circle").isNumber())
			.andExpect(jsonPath("$.sha256").value("90283b3b778f8b1c67d5ec1820284aea17e5762f1b5173e318c1212b2a5d8fc6"))
			.andExpect(jsonPath("$.version").value(1))
			.andExpect(jsonPath("$.sizeBytes").isNumber())
			.andExpect(jsonPath("$.createdAt").isString());
	}

	@Test
	void listsPagesSortedAndValidatesPaging() throws Exception {
		this.mvc.perform(get("/api/v1/datasets").param("size", "100"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[*].id", hasItems("bars-and-stripes", "ring-8", "shapes")))
			.andExpect(jsonPath("$.page.size").value(100));
		this.mvc.perform(get("/api/v1/datasets").param("size", "1").param("sort", "name,desc"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.page.totalElements").isNumber());
		this.mvc.perform(get("/api/v1/datasets").param("sort", "createdAt,desc")).andExpect(status().isOk());
		this.mvc.perform(get("/api/v1/datasets").param("size", "101"))
			.andExpect(problem(ProblemType.VALIDATION))
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		this.mvc.perform(get("/api/v1/datasets").param("sort", "sha256"))
			.andExpect(problem(ProblemType.VALIDATION))
			.andExpect(jsonPath("$.errors[0].field").value("sort"));
	}

	@Test
	void unknownIdsAreNotFoundEverywhere() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/nope")).andExpect(problem(ProblemType.NOT_FOUND));
		this.mvc.perform(get("/api/v1/datasets/nope/preview")).andExpect(problem(ProblemType.NOT_FOUND));
		this.mvc.perform(delete("/api/v1/datasets/nope")).andExpect(problem(ProblemType.NOT_FOUND));
	}

	@Test
	void previewsTheFirstImagesOfASplitAsAGrid() throws Exception {
		Image grid = preview("/api/v1/datasets/shapes/preview");
		// 64 tiles of 28 pixels, 8 per row, 2 pixels of padding
		assertThat(grid.width()).isEqualTo(8 * 28 + 9 * 2);
		assertThat(grid.height()).isEqualTo(8 * 28 + 9 * 2);
		Image four = preview("/api/v1/datasets/shapes/preview?split=test&count=4");
		assertThat(four.width()).isEqualTo(2 * 28 + 3 * 2);
		// Bars and stripes are 4x4: tiles are enlarged 8 times.
		Image bars = preview("/api/v1/datasets/bars-and-stripes/preview?count=1");
		assertThat(bars.width()).isEqualTo(32 + 2 * 2);
	}

	@Test
	void previewsPointsAsAColouredScatterPlot() throws Exception {
		Image plot = preview("/api/v1/datasets/ring-8/preview");
		assertThat(plot.width()).isEqualTo(DatasetPreview.SCATTER_SIZE);
		assertThat(plot.channels()).isEqualTo(3);
		int plane = plot.width() * plot.height();
		long coloured = 0;
		for (int p = 0; p < plane; p++) {
			int r = plot.samples()[p];
			int g = plot.samples()[plane + p];
			int b = plot.samples()[2 * plane + p];
			coloured += (r != g || g != b) ? 1 : 0;
		}
		assertThat(coloured).isGreaterThan(100);
	}

	@Test
	void refusesUnknownSplitsAndCountsOutOfRange() throws Exception {
		this.mvc.perform(get("/api/v1/datasets/shapes/preview").param("split", "validation"))
			.andExpect(problem(ProblemType.VALIDATION))
			.andExpect(jsonPath("$.errors[0].field").value("split"));
		for (String count : new String[] { "0", "257", "many" }) {
			this.mvc.perform(get("/api/v1/datasets/shapes/preview").param("count", count))
				.andExpect(problem(ProblemType.VALIDATION))
				.andExpect(jsonPath("$.errors[0].field").value("count"));
		}
	}

	@Test
	void builtInsCannotBeDeleted() throws Exception {
		this.mvc.perform(delete("/api/v1/datasets/shapes"))
			.andExpect(problem(ProblemType.CONFLICT))
			.andExpect(jsonPath("$.detail").value("Data set 'shapes' is built in and cannot be deleted"));
		assertThat(this.catalog.find("shapes")).isPresent();
	}

	@Test
	void aDataSetInUseByAnUnfinishedJobCannotBeDeletedUntilTheJobFinishes() throws Exception {
		String id = upload();
		Path dir = this.catalog.directory(id);
		given(this.usage.inUseByUnfinishedJob(id)).willReturn(true);
		this.mvc.perform(delete("/api/v1/datasets/" + id)).andExpect(problem(ProblemType.CONFLICT));
		assertThat(dir).isDirectory();
		given(this.usage.inUseByUnfinishedJob(id)).willReturn(false);
		this.mvc.perform(delete("/api/v1/datasets/" + id)).andExpect(status().isNoContent());
		assertThat(dir).doesNotExist();
		this.mvc.perform(get("/api/v1/datasets/" + id)).andExpect(problem(ProblemType.NOT_FOUND));
	}

	private String upload() throws Exception {
		String json = this.mvc
			.perform(multipart("/api/v1/datasets")
				.file(new MockMultipartFile("images", "i.idx", null, TestFiles.idxImages(3, 4, 4)))
				.param("name", "to delete"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(json).get("id").asString();
	}

	private Image preview(String url) throws Exception {
		byte[] png = this.mvc.perform(get(url))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.IMAGE_PNG))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(Files.exists(DATA_DIR)).isTrue();
		return Png.decode(png);
	}

}
