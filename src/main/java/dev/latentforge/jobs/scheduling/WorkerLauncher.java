package dev.latentforge.jobs.scheduling;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import dev.latentforge.jobs.JobsProperties;
import dev.latentforge.jobs.worker.WorkerMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Starts worker JVMs from the same artefact as the service. From the Spring Boot fat jar
 * the worker's main class is launched through {@code PropertiesLauncher} with
 * {@code -Dloader.main} ({@code -cp app.jar} alone cannot see {@code BOOT-INF/lib});
 * otherwise (tests, an IDE) from this JVM's class path. Workers run under {@code nice},
 * with a bounded heap, {@code MALLOC_ARENA_MAX=2} (libtorch leaks native memory in many
 * arenas otherwise) and a fixed libtorch thread count; stderr goes to the attempt's log
 * file so the pipe never fills.
 */
@Component
public class WorkerLauncher {

	static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private static final Logger log = LoggerFactory.getLogger(WorkerLauncher.class);

	private final JobsProperties properties;

	private final WorkerResources resources;

	private final List<String> classPathArguments;

	public WorkerLauncher(JobsProperties properties, WorkerResources resources) {
		this.properties = properties;
		this.resources = resources;
		this.classPathArguments = classPathArguments(System.getProperty("java.class.path"));
	}

	/** Whether workers are launched from a Spring Boot fat jar. */
	public boolean fromFatJar() {
		return this.classPathArguments.contains(PROPERTIES_LAUNCHER);
	}

	static List<String> classPathArguments(String classPath) {
		String[] entries = classPath.split(File.pathSeparator);
		if (entries.length == 1 && entries[0].endsWith(".jar") && isFatJar(Path.of(entries[0]))) {
			return List.of("-cp", entries[0], "-Dloader.main=" + WorkerMain.class.getName(), PROPERTIES_LAUNCHER);
		}
		return List.of("-cp", classPath, WorkerMain.class.getName());
	}

	static boolean isFatJar(Path jar) {
		if (!Files.isRegularFile(jar)) {
			return false;
		}
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.getEntry("BOOT-INF/classes/") != null || file.getEntry("BOOT-INF/lib/") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The command that runs a worker on a job file. The job id comes first among the JVM
	 * options so that {@code ps} (which truncates long command lines) shows which job a
	 * worker runs.
	 * @param jobId the job
	 * @param jobFile its job file
	 * @param threads the intra-op threads
	 * @return the command
	 */
	public List<String> command(String jobId, Path jobFile, int threads) {
		return command(jobId, List.of(jobFile.toString()), threads);
	}

	/**
	 * The command that runs a worker with the given program arguments.
	 * @param id the job or evaluation the worker runs (shown first by {@code ps})
	 * @param arguments the worker's arguments
	 * @param threads the intra-op threads
	 * @return the command
	 */
	public List<String> command(String id, List<String> arguments, int threads) {
		List<String> command = new ArrayList<>();
		if (this.properties.workerNice() != 0 && Files.isExecutable(Path.of("/usr/bin/nice"))) {
			command.addAll(List.of("/usr/bin/nice", "-n", Integer.toString(this.properties.workerNice())));
		}
		command.add(javaCommand());
		command.add("-Dlatentforge.worker.job=" + id);
		command.add("-Xmx" + this.properties.workerHeap().toMegabytes() + "m");
		command.add("-XX:+UseSerialGC");
		command.add("-XX:+ExitOnOutOfMemoryError");
		command.add("-Dai.djl.offline=true");
		command.add("-Dai.djl.pytorch.num_threads=" + threads);
		command.add("-Dai.djl.pytorch.num_interop_threads=1");
		command.addAll(this.classPathArguments);
		command.addAll(arguments);
		return command;
	}

	/**
	 * Starts a worker.
	 * @param jobId the job
	 * @param jobFile the job file
	 * @param logFile where its stderr goes (appended)
	 * @param resumedThreads the thread count of the run being resumed, or {@code null}
	 * for this node's count: a resumed run keeps its count, so that it continues bit for
	 * bit
	 * @return the process
	 * @throws IOException if it cannot start
	 */
	public Process start(String jobId, Path jobFile, Path logFile, Integer resumedThreads) throws IOException {
		int threads = resumedThreads != null && resumedThreads > 0 ? resumedThreads : this.resources.workerThreads();
		return start(command(jobId, jobFile, threads), threads, logFile);
	}

	/**
	 * Starts a worker in its evaluation mode ({@code WorkerMain evaluate <file>}).
	 * @param evaluationId the evaluation
	 * @param evaluationFile its evaluation file
	 * @param logFile where its stderr goes (appended)
	 * @return the process
	 * @throws IOException if it cannot start
	 */
	public Process startEvaluation(String evaluationId, Path evaluationFile, Path logFile) throws IOException {
		int threads = this.resources.workerThreads();
		return start(command(evaluationId, List.of(WorkerMain.EVALUATE, evaluationFile.toString()), threads), threads,
				logFile);
	}

	private Process start(List<String> command, int threads, Path logFile) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command);
		Map<String, String> environment = builder.environment();
		environment.put("MALLOC_ARENA_MAX", "2");
		environment.put("OMP_NUM_THREADS", Integer.toString(threads));
		builder.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
		builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
		builder.redirectInput(ProcessBuilder.Redirect.PIPE);
		log.debug("Starting worker: {}", builder.command());
		return builder.start();
	}

	private String javaCommand() {
		if (this.properties.javaCommand() != null && !this.properties.javaCommand().isBlank()) {
			return this.properties.javaCommand();
		}
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
