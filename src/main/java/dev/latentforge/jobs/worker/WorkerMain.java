package dev.latentforge.jobs.worker;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.latentforge.models.ModelFamilies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's entry point: {@code WorkerMain <job.json>} trains, {@code WorkerMain
 * evaluate <evaluation.json>} evaluates ({@link EvaluationRun}). Standard output carries
 * only protocol lines: before anything can log, {@code System.out} is pointed at stderr
 * (which the node writes to the attempt's log file) and the protocol writes to file
 * descriptor 1 directly.
 *
 * <p>
 * Exit status: 0 after {@code done}, 2 after {@code failed}, 3 when the node went away, 1
 * on an unexpected error (also reported as {@code failed} when possible).
 */
public final class WorkerMain {

	static final int EXIT_FAILED = 2;

	/** The first argument of the evaluation mode. */
	public static final String EVALUATE = "evaluate";

	private WorkerMain() {
	}

	/** This process's peak resident set size in kB, or -1 where /proc cannot tell. */
	static long peakRssKilobytes() {
		try {
			for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (java.io.IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

	public static void main(String[] args) {
		PrintStream protocolStream = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
				StandardCharsets.UTF_8);
		System.setOut(System.err);
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "logback-worker.xml");
		}
		System.setProperty("ai.djl.offline", "true");
		boolean evaluation = args.length == 2 && args[0].equals(EVALUATE);
		if (args.length != 1 && !evaluation) {
			System.err.println("usage: WorkerMain <job.json> | WorkerMain evaluate <evaluation.json>");
			System.exit(64);
		}
		ModelFamilies families = ModelFamilies.discover();
		JsonMapper json = families.jsonMapper();
		ProtocolWriter protocol = new ProtocolWriter(protocolStream, json);
		Commands commands = new Commands();
		commands.start(System.in);
		int status;
		try {
			if (evaluation) {
				status = new EvaluationRun(EvaluationFile.read(Path.of(args[1]), json), families, json, protocol).run();
			}
			else {
				JobFile job = JobFile.read(Path.of(args[0]), json);
				status = new WorkerRun(job, families, json, protocol, commands).run();
			}
		}
		catch (WorkerRun.NonFiniteException ex) {
			protocol.failed(-1, ex.getMessage(), false);
			status = EXIT_FAILED;
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			protocol.failed(-1, "worker error: " + ex, !(ex instanceof IllegalArgumentException));
			status = 1;
		}
		// read by the benchmark from the attempt's log
		System.err.println("worker peak RSS: " + peakRssKilobytes() + " kB (VmHWM)");
		System.exit(status);
	}

}
