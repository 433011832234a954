package dev.latentforge.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latentforge.StorageProperties;
import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.tensors.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.ObjectProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class BuiltinDatasetsTests {

	private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

	@TempDir
	Path dataDir;

	private final DatasetRepository repository = mock(DatasetRepository.class);

	@SuppressWarnings("unchecked")
	private BuiltinDatasets builtins(BuiltinDataset... builtins) {
		ObjectProvider<Clock> clock = mock(ObjectProvider.class);
		given(clock.getIfAvailable(any())).willReturn(Clock.fixed(NOW, ZoneOffset.UTC));
		return new BuiltinDatasets(List.of(builtins), this.repository, new StorageProperties(this.dataDir), clock);
	}

	@Test
	void storesOnceAndInsertsARow() throws IOException {
		Counting tiny = new Counting(true, true);
		given(this.repository.findById("tiny")).willReturn(Optional.empty());
		builtins(tiny).afterSingletonsInstantiated();
		Path dir = this.dataDir.resolve("datasets/builtin/tiny-v3");
		assertThat(DatasetFiles.readInfo(dir).createdAt()).isEqualTo(NOW);
		ArgumentCaptor<Dataset> row = ArgumentCaptor.forClass(Dataset.class);
		verify(this.repository).save(row.capture());
		assertThat(row.getValue().path()).isEqualTo("builtin/tiny-v3");
		assertThat(row.getValue().builtin()).isTrue();
		assertThat(row.getValue().info().splits().get("train").count()).isEqualTo(2);

		given(this.repository.findById("tiny")).willReturn(Optional.of(row.getValue()));
		builtins(tiny).afterSingletonsInstantiated();
		assertThat(tiny.generated).hasValue(1);
		verify(this.repository, times(1)).save(any());
	}

	@Test
	void regeneratesFilesThatNoLongerMatchTheirHash() throws IOException {
		Counting tiny = new Counting(true, true);
		given(this.repository.findById("tiny")).willReturn(Optional.empty());
		BuiltinDatasets builtins = builtins(tiny);
		DatasetInfo first = builtins.register(tiny);
		Path images = this.dataDir.resolve("datasets/builtin/tiny-v3/train-images.npy");
		byte[] bytes = Files.readAllBytes(images);
		bytes[bytes.length - 1] ^= 1;
		Files.write(images, bytes);
		DatasetInfo second = builtins.register(tiny);
		assertThat(tiny.generated).hasValue(2);
		assertThat(second.sha256()).isEqualTo(first.sha256());
		assertThat(DatasetFiles.computeSha256(images.getParent(), second)).isEqualTo(first.sha256());
	}

	@Test
	void skipsUnavailableSetsAndSurvivesBrokenOptionalOnes() {
		Counting missing = new Counting(false, true);
		Counting broken = new Counting(true, false) {
			@Override
			public Content generate() throws IOException {
				throw new IOException("source is corrupt");
			}
		};
		builtins(missing, broken).afterSingletonsInstantiated();
		assertThat(missing.generated).hasValue(0);
		verify(this.repository, never()).save(any());
	}

	@Test
	void failsStartUpWhenARequiredSetCannotBeStored() {
		Counting broken = new Counting(true, true) {
			@Override
			public Content generate() {
				throw new IllegalStateException("generator bug");
			}
		};
		assertThatThrownBy(() -> builtins(broken).afterSingletonsInstantiated()).hasMessage("generator bug");
	}

	/** A two-image built-in that counts how often it is generated. */
	static class Counting implements BuiltinDataset {

		final AtomicInteger generated = new AtomicInteger();

		private final boolean available;

		private final boolean required;

		Counting(boolean available, boolean required) {
			this.available = available;
			this.required = required;
		}

		@Override
		public String id() {
			return "tiny";
		}

		@Override
		public int version() {
			return 3;
		}

		@Override
		public boolean available() {
			return this.available;
		}

		@Override
		public boolean required() {
			return this.required;
		}

		@Override
		public Content generate() throws IOException {
			this.generated.incrementAndGet();
			Tensor images = Tensor.ofUint8(new int[] { 2, 1, 2, 2 }, new byte[] { 0, 1, 2, 3, 4, 5, 6, 7 });
			return new Content(BuiltinDataset.describe(this, "Tiny", DatasetInfo.DatasetKind.IMAGES, 1, 2, 2, 8,
					List.of("a", "b"), List.of()), Map.of("train", new SplitData(images, new int[] { 0, 1 }, null)));
		}

	}

}
