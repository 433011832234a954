package dev.latentforge.jobs.scheduling;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import dev.latentforge.generation.GenerationProperties;
import dev.latentforge.jobs.JobsProperties;
import dev.latentforge.jobs.worker.WorkerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerLauncherTests {

	@TempDir
	Path dir;

	static JobsProperties jobs(String... pairs) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		for (int i = 0; i < pairs.length; i += 2) {
			source.put("latentforge.jobs." + pairs[i], pairs[i + 1]);
		}
		return new Binder(source).bindOrCreate("latentforge.jobs", Bindable.of(JobsProperties.class));
	}

	@Test
	void fatJarsLaunchTheWorkerThroughPropertiesLauncher() throws Exception {
		Path jar = this.dir.resolve("app.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			out.putNextEntry(new JarEntry("BOOT-INF/classes/"));
			out.closeEntry();
		}
		assertThat(WorkerLauncher.classPathArguments(jar.toString())).containsExactly("-cp", jar.toString(),
				"-Dloader.main=" + WorkerMain.class.getName(), WorkerLauncher.PROPERTIES_LAUNCHER);
	}

	@Test
	void classPathsAndPlainJarsLaunchTheWorkerDirectly() throws Exception {
		String classPath = "target/classes" + File.pathSeparator + "lib.jar";
		assertThat(WorkerLauncher.classPathArguments(classPath)).containsExactly("-cp", classPath,
				WorkerMain.class.getName());
		Path plain = this.dir.resolve("plain.jar");
		try (OutputStream out = new JarOutputStream(Files.newOutputStream(plain))) {
			out.flush();
		}
		assertThat(WorkerLauncher.classPathArguments(plain.toString())).endsWith(WorkerMain.class.getName());
	}

	@Test
	void threadsDivideTheCoresBetweenSlotsAndInference() {
		GenerationProperties generation = new GenerationProperties(1, 32, 256, 4);
		assertThat(new WorkerResources(jobs("worker-slots", "1"), generation, 2).workerThreads()).isEqualTo(1);
		assertThat(new WorkerResources(jobs("worker-slots", "2"), generation, 8).workerThreads()).isEqualTo(3);
		assertThat(new WorkerResources(jobs("worker-slots", "4"), generation, 2).workerThreads()).isEqualTo(1);
		assertThat(new WorkerResources(jobs("worker-threads", "6"), generation, 2).workerThreads()).isEqualTo(6);
	}

	@Test
	void workersRunNicedWithBoundedMemoryAndTheirJobFirst() {
		WorkerLauncher launcher = new WorkerLauncher(jobs("worker-heap", "512MB", "worker-nice", "7"),
				new WorkerResources(jobs(), new GenerationProperties(1, 32, 256, 4), 2));
		List<String> command = launcher.command("job-1", Path.of("/tmp/job.json"), 1);
		if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
			assertThat(command.subList(0, 3)).containsExactly("/usr/bin/nice", "-n", "7");
		}
		assertThat(command).contains("-Dlatentforge.worker.job=job-1", "-Xmx512m", "-Dai.djl.offline=true",
				"-Dai.djl.pytorch.num_threads=1", "-XX:+ExitOnOutOfMemoryError");
		assertThat(command.indexOf("-Dlatentforge.worker.job=job-1")).isLessThan(command.indexOf("-cp"));
		assertThat(command.get(command.size() - 1)).isEqualTo("/tmp/job.json");
	}

}
