package dev.latentforge.checkpoints;

import java.nio.file.Path;
import java.util.Map;

import dev.latentforge.tensors.Tensor;

/**
 * A checkpoint read back from disk.
 *
 * @param dir its directory
 * @param manifest its manifest
 * @param parameters the model's parameters by name
 * @param optimizer the optimizer state by name
 */
public record CheckpointData(Path dir, CheckpointManifest manifest, Map<String, Tensor> parameters,
		Map<String, Tensor> optimizer) {
}
