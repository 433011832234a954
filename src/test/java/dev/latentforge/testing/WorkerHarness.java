package dev.latentforge.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.latentforge.jobs.worker.JobFile;
import dev.latentforge.jobs.worker.WorkerMain;
import dev.latentforge.jobs.worker.WorkerMessage;
import dev.latentforge.models.ModelFamilies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a worker as a child JVM from the test classpath and collects its protocol lines.
 */
public final class WorkerHarness {

	public static final JsonMapper JSON = ModelFamilies.discover().jsonMapper();

	private WorkerHarness() {
	}

	/**
	 * The result of a worker run.
	 *
	 * @param exitCode the process's exit status
	 * @param messages the protocol lines, parsed
	 * @param log the worker's stderr
	 */
	public record Run(int exitCode, List<WorkerMessage> messages, Path log) {

		public List<WorkerMessage> ofType(String type) {
			return this.messages.stream().filter((m) -> m.type().equals(type)).toList();
		}

		public WorkerMessage last() {
			return this.messages.get(this.messages.size() - 1);
		}

	}

	public static Run run(JobFile job, Path workDir, int threads) throws IOException, InterruptedException {
		return run(job, workDir, threads, null);
	}

	/**
	 * Runs a worker to its end.
	 * @param job the job file to write and run
	 * @param workDir where the job file and log go
	 * @param threads intra-op threads
	 * @param commandAfterFirstCheckpoint a command sent once the first checkpoint is
	 * reported, or {@code null}
	 * @return what the worker did
	 */
	public static Run run(JobFile job, Path workDir, int threads, String commandAfterFirstCheckpoint)
			throws IOException, InterruptedException {
		return run(job, workDir, threads, commandAfterFirstCheckpoint, java.util.Map.of());
	}

	/**
	 * Runs a worker to its end with more environment variables.
	 * @param job the job file to write and run
	 * @param workDir where the job file and log go
	 * @param threads intra-op threads
	 * @param commandAfterFirstCheckpoint a command sent once the first checkpoint is
	 * reported, or {@code null}
	 * @param environment added to the worker's environment
	 * @return what the worker did
	 */
	public static Run run(JobFile job, Path workDir, int threads, String commandAfterFirstCheckpoint,
			java.util.Map<String, String> environment) throws IOException, InterruptedException {
		Path jobFile = workDir.resolve("job-" + job.attempt() + ".json");
		job.write(jobFile, JSON);
		Path log = workDir.resolve("worker-" + job.attempt() + ".log");
		ProcessBuilder builder = new ProcessBuilder(javaCommand(threads, jobFile));
		builder.redirectError(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		List<WorkerMessage> messages = new ArrayList<>();
		OutputStream stdin = process.getOutputStream();
		boolean sent = false;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				WorkerMessage message = JSON.readValue(line, WorkerMessage.class);
				messages.add(message);
				if (!sent && commandAfterFirstCheckpoint != null && message.type().equals(WorkerMessage.CHECKPOINT)) {
					stdin.write((commandAfterFirstCheckpoint + "\n").getBytes(StandardCharsets.UTF_8));
					stdin.flush();
					sent = true;
				}
				if (message.type().equals(WorkerMessage.DONE) || message.type().equals(WorkerMessage.FAILED)) {
					break;
				}
			}
		}
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		stdin.close();
		return new Run(process.exitValue(), messages, log);
	}

	static List<String> javaCommand(int threads, Path jobFile) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx1g");
		command.add("-Dai.djl.offline=true");
		command.add("-Dai.djl.pytorch.num_threads=" + threads);
		command.add("-Dai.djl.pytorch.num_interop_threads=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(WorkerMain.class.getName());
		command.add(jobFile.toString());
		return command;
	}

}
