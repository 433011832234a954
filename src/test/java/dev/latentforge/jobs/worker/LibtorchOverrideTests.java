package dev.latentforge.jobs.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.models.autoencoder.AutoencoderSpec;
import dev.latentforge.testing.TestDatasets;
import dev.latentforge.testing.WorkerHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GPU deployment's mechanism, exercised with the CPU build: a worker whose
 * environment points DJL at a libtorch directory ({@code PYTORCH_LIBRARY_PATH}, with
 * {@code PYTORCH_FLAVOR}) loads libtorch from there, not from the native jar, and trains.
 * {@code docker/Dockerfile.gpu} sets the same two variables to the CUDA 12.8 build of
 * libtorch 2.7.1 ({@code cu128}); here the directory holds the CPU libtorch 2.7.1 taken
 * out of the {@code pytorch-native-cpu} jar.
 */
class LibtorchOverrideTests {

	@TempDir
	Path dir;

	@Test
	void aWorkerTrainsOnTheLibtorchThatPytorchLibraryPathNames() throws Exception {
		Path lib = extractLibtorch(this.dir.resolve("libtorch/lib"));
		DatasetInfo dataset = TestDatasets.corners(this.dir.resolve("corners"), "corners", 256, 64);
		OptimizerSpec adam = new OptimizerSpec(OptimizerSpec.Type.ADAM, 0.01, null, null, null, null, null);
		JobSpec spec = new JobSpec("gpu-path", "corners", DataSelection.all(),
				new AutoencoderSpec(List.of(16, 4), null, null, null, null).resolved(),
				new TrainingSpec(10L, null, 32, adam, 7L, 10, null).resolved(256, 7L), 0, "auto");
		JobFile job = new JobFile("gpu-path", 1, "autoencoder", spec,
				new CheckpointManifest.DatasetRef("corners", dataset.sha256(), 1, 1, 8, 8, 8),
				this.dir.resolve("corners").toString(), this.dir.resolve("jobs/gpu-path/a1").toString(), null, "auto",
				null);
		WorkerHarness.Run run = WorkerHarness.run(job, this.dir, 1, null,
				Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_FLAVOR", "cpu"));
		String log = Files.readString(run.log());
		assertThat(run.exitCode()).as(log).isZero();
		assertThat(run.last().reason()).isEqualTo(WorkerMessage.COMPLETED);
		// the worker names the libtorch it loaded: the one in the directory, not the
		// jar's
		assertThat(log).contains("libtorch 2.7.1 loaded from " + lib.toRealPath().resolve("libtorch_cpu.so"));
		// "auto" on a machine without a GPU: the job records that it ran on the CPU
		assertThat(run.messages().get(0).device()).isEqualTo("cpu");
		WorkerMessage checkpoint = run.ofType(WorkerMessage.CHECKPOINT).get(0);
		assertThat(CheckpointFiles.readManifest(Path.of(checkpoint.path()), WorkerHarness.JSON).device())
			.isEqualTo("cpu");
	}

	/** Copies the CPU libtorch 2.7.1 out of DJL's native jar on the class path. */
	static Path extractLibtorch(Path target) throws IOException {
		String jar = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
			.filter((entry) -> entry.contains("pytorch-native-cpu"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("pytorch-native-cpu is not on the test class path"));
		Files.createDirectories(target);
		String prefix = "pytorch/cpu/linux-x86_64/";
		int files = 0;
		try (ZipFile zip = new ZipFile(jar)) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
					continue;
				}
				try (InputStream in = zip.getInputStream(entry)) {
					Files.copy(in, target.resolve(entry.getName().substring(prefix.length())),
							StandardCopyOption.REPLACE_EXISTING);
				}
				files++;
			}
		}
		assertThat(files).as("libraries in " + jar).isGreaterThan(1);
		assertThat(target.resolve("libtorch_cpu.so")).exists();
		return target;
	}

}
