package dev.latentforge.datasets.builtin;

import java.io.IOException;
import java.nio.file.Path;

import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;

/**
 * Stores generated content the way the service does, to read back its sha256.
 */
final class BuiltinFixtures {

	private BuiltinFixtures() {
	}

	static DatasetInfo store(BuiltinDataset.Content content, Path dir) throws IOException {
		DatasetInfo described = content.info();
		DatasetInfo info = new DatasetInfo(described.id(), described.name(), described.kind(), true,
				described.channels(), described.height(), described.width(), described.bitDepth(), described.classes(),
				described.attributes(), described.splits(), null, described.version(), 0, java.time.Instant.EPOCH);
		return DatasetFiles.write(dir.resolve(described.id()), info, content.splits());
	}

}
