package dev.latentforge.jobs.scheduling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.latentforge.jobs.worker.WorkerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running worker seen from the node: its protocol lines are read on their own thread
 * and handed to a consumer in order; lines that are not protocol (a native library
 * printing to stdout) are logged and skipped. Records when the worker last spoke, for the
 * watchdog, and how it ended.
 */
final class WorkerProcess {

	private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);

	private final Process process;

	private final Thread reader;

	private volatile long lastMessageNanos = System.nanoTime();

	private volatile WorkerMessage terminal;

	private volatile RuntimeException handlerFailure;

	WorkerProcess(Process process, String jobId, JsonMapper json, Consumer<WorkerMessage> handler) {
		this.process = process;
		this.reader = new Thread(() -> read(jobId, json, handler), "worker-reader-" + jobId);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private void read(String jobId, JsonMapper json, Consumer<WorkerMessage> handler) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				WorkerMessage message;
				try {
					message = json.readValue(line, WorkerMessage.class);
				}
				catch (RuntimeException ex) {
					log.warn("Job {}: worker printed a non-protocol line: {}", jobId, line);
					continue;
				}
				if (message.v() != WorkerMessage.VERSION || message.type() == null) {
					log.warn("Job {}: unsupported protocol line: {}", jobId, line);
					continue;
				}
				this.lastMessageNanos = System.nanoTime();
				if (message.type().equals(WorkerMessage.DONE) || message.type().equals(WorkerMessage.FAILED)) {
					this.terminal = message;
				}
				try {
					handler.accept(message);
				}
				catch (RuntimeException ex) {
					log.error("Job {}: could not record worker message {}", jobId, message.type(), ex);
					this.handlerFailure = ex;
				}
			}
		}
		catch (IOException ex) {
			log.debug("Job {}: worker output closed: {}", jobId, ex.toString());
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long nanosSinceLastMessage() {
		return System.nanoTime() - this.lastMessageNanos;
	}

	/** Sends a command line to the worker; false when its stdin is closed. */
	boolean send(String command) {
		try {
			OutputStream stdin = this.process.getOutputStream();
			stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
			stdin.flush();
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	void kill() {
		this.process.destroyForcibly();
	}

	/**
	 * Waits for the process and its output to end.
	 * @param timeoutMillis how long to wait for the process
	 * @return the exit status, or -1 if it is still running
	 */
	int awaitExit(long timeoutMillis) throws InterruptedException {
		if (!this.process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
			return -1;
		}
		this.reader.join(10_000);
		return this.process.exitValue();
	}

	/** Closes the worker's stdin, which makes it exit. */
	void closeInput() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	WorkerMessage terminal() {
		return this.terminal;
	}

	RuntimeException handlerFailure() {
		return this.handlerFailure;
	}

	long pid() {
		return this.process.pid();
	}

}
