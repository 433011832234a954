package dev.latentforge.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.latentforge.StorageProperties;
import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.upload.UploadedDataset;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.security.QuotaProperties;
import dev.latentforge.security.Quotas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.unit.DataSize;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class DatasetStoreTests {

	@TempDir
	Path dataDir;

	private final DatasetRepository repository = mock(DatasetRepository.class);

	@SuppressWarnings("unchecked")
	private DatasetStore store() {
		ObjectProvider<DatasetUsage> usage = mock(ObjectProvider.class);
		ObjectProvider<Clock> clock = mock(ObjectProvider.class);
		given(clock.getIfAvailable(any())).willReturn(Clock.systemUTC());
		StorageProperties storage = new StorageProperties(this.dataDir);
		Quotas quotas = new Quotas(new QuotaProperties(50, 2, DataSize.ofMegabytes(1), 20));
		return new DatasetStore(this.repository, new DatasetCatalog(this.repository, storage), usage, quotas, clock);
	}

	private static UploadedDataset upload() {
		Tensor images = Tensor.ofUint8(new int[] { 2, 1, 1, 2 }, new byte[] { 1, 2, 3, 4 });
		return new UploadedDataset("tiny", 1, 1, 2, 8, List.of(), List.of(),
				Map.of("train", new SplitData(images, null, null)));
	}

	@Test
	void writesTheFilesThenInsertsTheRow() throws IOException {
		given(this.repository.save(any())).willAnswer((invocation) -> invocation.getArgument(0));
		DatasetInfo info = store().create(upload());
		Path dir = this.dataDir.resolve("datasets/uploads/" + info.id());
		assertThat(DatasetFiles.readInfo(dir)).isEqualTo(info);
		assertThat(info.version()).isEqualTo(1);
		assertThat(info.builtin()).isFalse();
	}

	@Test
	void removesTheFilesWhenTheInsertFails() throws IOException {
		given(this.repository.save(any())).willThrow(new DataIntegrityViolationException("duplicate key"));
		assertThatThrownBy(() -> store().create(upload())).isInstanceOf(DataIntegrityViolationException.class);
		try (Stream<Path> left = Files.list(this.dataDir.resolve("datasets/uploads"))) {
			assertThat(left).isEmpty();
		}
	}

}
