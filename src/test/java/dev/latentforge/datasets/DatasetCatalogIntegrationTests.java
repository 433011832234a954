package dev.latentforge.datasets;

import java.nio.file.Files;

import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetCatalogIntegrationTests extends DatasetsIntegrationTestSupport {

	@Autowired
	DatasetCatalog catalog;

	@Test
	void registersEveryProceduralBuiltInAtStartUp() {
		for (String id : new String[] { "shapes", "bars-and-stripes", "ring-8" }) {
			DatasetInfo info = this.catalog.require(id);
			assertThat(info.builtin()).isTrue();
			assertThat(info.version()).isEqualTo(1);
			assertThat(this.catalog.directory(id)).isEqualTo(DATA_DIR.resolve("datasets/builtin/" + id + "-v1"));
			assertThat(Files.isRegularFile(this.catalog.directory(id).resolve("train-images.npy"))).isTrue();
		}
		assertThat(this.catalog.find("fashion-mnist")).isEmpty();
	}

	@Test
	void theRowAgreesWithTheFilesOnDisk() throws Exception {
		DatasetInfo info = this.catalog.require("shapes");
		DatasetInfo onDisk = DatasetFiles.readInfo(this.catalog.directory("shapes"));
		assertThat(info).isEqualTo(onDisk);
		assertThat(DatasetFiles.computeSha256(this.catalog.directory("shapes"), info)).isEqualTo(info.sha256());
		assertThat(info.attributes()).extracting(DatasetInfo.AttributeInfo::name)
			.containsExactly("size", "x", "y", "rotation", "brightness", "strokeWidth");
	}

	@Test
	void unknownIdsAreNotFound() {
		assertThat(this.catalog.find("nope")).isEmpty();
		assertThatThrownBy(() -> this.catalog.require("nope")).isInstanceOfSatisfying(ApiException.class,
				(ex) -> assertThat(ex.type()).isEqualTo(ProblemType.NOT_FOUND));
		assertThatThrownBy(() -> this.catalog.directory("nope")).isInstanceOf(ApiException.class);
	}

}
