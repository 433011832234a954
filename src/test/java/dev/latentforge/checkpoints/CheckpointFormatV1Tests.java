package dev.latentforge.checkpoints;

import dev.latentforge.files.DurableFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.jobs.worker.JobFile;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.Autoencoding;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.models.autoencoder.AutoencoderFamily;
import dev.latentforge.models.autoencoder.AutoencoderSpec;
import dev.latentforge.tensors.Npy;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.testing.TestDatasets;
import dev.latentforge.testing.WorkerHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A version-1 checkpoint committed as a fixture
 * ({@code src/test/resources/fixtures/checkpoint-v1}) must load and reproduce its
 * recorded outputs in every later build: a change that breaks old checkpoints has to bump
 * the format version and keep a reader for version 1.
 */
class CheckpointFormatV1Tests {

	static final Path FIXTURE = Path.of("src/test/resources/fixtures/checkpoint-v1");

	@Test
	void version1CheckpointLoadsAndReproducesItsOutputs() throws Exception {
		CheckpointData data = CheckpointFiles.read(FIXTURE.resolve("checkpoint"), WorkerHarness.JSON);
		CheckpointManifest manifest = data.manifest();
		assertThat(manifest.formatVersion()).isEqualTo(1);
		assertThat(manifest.family()).isEqualTo("autoencoder");
		assertThat(manifest.step()).isEqualTo(20);
		assertThat(manifest.dataset().channels() * manifest.dataset().height() * manifest.dataset().width())
			.isEqualTo(64);
		assertThat(((AutoencoderSpec) manifest.spec().model()).layers()).containsExactly(8, 2);
		assertThat(data.optimizer()).containsKey("updates");
		Tensor inputs = Npy.read(FIXTURE.resolve("inputs.npy"));
		float[] expected = Npy.read(FIXTURE.resolve("reconstructions.npy")).toFloatArray();
		EngineInfo.engine();
		JniUtils.setGradMode(false);
		try (NDManager manager = NDManager.newBaseManager();
				LoadedModel model = new AutoencoderFamily().load(data, manager.newSubManager())) {
			NDArray x = manager.create(inputs.toFloatArray(), new Shape(4, 1, 8, 8));
			float[] actual = ((Autoencoding) model).reconstruct(x).toFloatArray();
			for (int i = 0; i < expected.length; i++) {
				assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
			}
		}
	}

	/**
	 * Writes the fixture. Run once per format version, never to "fix" a failing test:
	 * {@code ./mvnw test -Dtest=CheckpointFormatV1Tests -Dlatentforge.fixtures.write=true}.
	 */
	@Test
	@EnabledIfSystemProperty(named = "latentforge.fixtures.write", matches = "true")
	void writeFixture(@TempDir Path dir) throws Exception {
		TestDatasets.corners(dir.resolve("corners"), "corners", 256, 64);
		JobSpec spec = new JobSpec("fixture", "corners", DataSelection.all(),
				new AutoencoderSpec(List.of(8, 2), null, null, null, null).resolved(),
				new TrainingSpec(20L, null, 16, OptimizerSpec.defaults(), 1L, 20, null).resolved(256, 1L), 0, "cpu");
		JobFile job = new JobFile("fixture-v1", 1, "autoencoder", spec,
				new CheckpointManifest.DatasetRef("corners", DatasetFiles.readInfo(dir.resolve("corners")).sha256(), 1,
						1, 8, 8, 8),
				dir.resolve("corners").toString(), dir.resolve("a1").toString(), null, "cpu", null);
		WorkerHarness.Run run = WorkerHarness.run(job, dir, 1);
		assertThat(run.last().reason()).isEqualTo(WorkerMessage.COMPLETED);
		Path target = FIXTURE.resolve("checkpoint");
		DurableFiles.deleteRecursively(FIXTURE);
		Files.createDirectories(target);
		try (var files = Files.list(dir.resolve("a1").resolve("s20"))) {
			for (Path file : files.toList()) {
				Files.copy(file, target.resolve(file.getFileName()));
			}
		}
		DatasetFiles.SplitData test = DatasetFiles.readSplit(dir.resolve("corners"), "test");
		float[] first = java.util.Arrays.copyOf(test.images().toFloatArray(), 4 * 64);
		for (int i = 0; i < first.length; i++) {
			first[i] /= 255f;
		}
		Npy.write(Tensor.ofFloats(new int[] { 4, 1, 8, 8 }, first), FIXTURE.resolve("inputs.npy"));
		CheckpointData data = CheckpointFiles.read(target, WorkerHarness.JSON);
		EngineInfo.engine();
		JniUtils.setGradMode(false);
		try (NDManager manager = NDManager.newBaseManager();
				LoadedModel model = new AutoencoderFamily().load(data, manager.newSubManager())) {
			float[] out = ((Autoencoding) model).reconstruct(manager.create(first, new Shape(4, 1, 8, 8)))
				.toFloatArray();
			Npy.write(Tensor.ofFloats(new int[] { 4, 1, 8, 8 }, out), FIXTURE.resolve("reconstructions.npy"));
		}
		assertThat(FIXTURE.resolve("reconstructions.npy")).exists();
		Files.writeString(FIXTURE.resolve("README.md"), "A version-1 checkpoint of a tiny dense autoencoder (64-8-2) "
				+ "and the reconstructions it gave when it was written. Never regenerate it to make a test pass; see "
				+ "CheckpointFormatV1Tests.\n");
	}

}
