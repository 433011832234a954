package dev.latentforge.jobs.scheduling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.latentforge.jobs.worker.WorkerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running worker seen from the node. One thread reads its protocol lines as fast as
 * they come (so the worker never blocks on a full pipe) and queues them; another hands
 * them to the recorder in batches, in order, at most about four a second (checkpoints and
 * the end at once). Lines that are not protocol (a native library printing to stdout) are
 * logged and skipped. Records when the worker last spoke, for the watchdog, and how it
 * ended.
 */
final class WorkerProcess {

	private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);

	private static final int MAX_BATCH = 500;

	/** How long the recorder gathers a worker's lines into one transaction. */
	private static final long GATHER_NANOS = 250_000_000L;

	private static final WorkerMessage END = new WorkerMessage(0, 0, "end", null, null, null, null, null, null, null,
			null, null, null, null, null, null, null);

	private final Process process;

	private final BlockingQueue<WorkerMessage> queue = new LinkedBlockingQueue<>();

	private final Thread reader;

	private final Thread recorder;

	private volatile long lastMessageNanos = System.nanoTime();

	private volatile WorkerMessage terminal;

	private volatile String recordingFailure;

	WorkerProcess(Process process, String jobId, JsonMapper json, Consumer<List<WorkerMessage>> handler) {
		this.process = process;
		this.reader = new Thread(() -> read(jobId, json), "worker-reader-" + jobId);
		this.recorder = new Thread(() -> record(jobId, handler), "worker-recorder-" + jobId);
		this.reader.setDaemon(true);
		this.recorder.setDaemon(true);
		this.reader.start();
		this.recorder.start();
	}

	private void read(String jobId, JsonMapper json) {
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
				this.queue.add(message);
			}
		}
		catch (IOException ex) {
			log.debug("Job {}: worker output closed: {}", jobId, ex.toString());
		}
		finally {
			this.queue.add(END);
		}
	}

	/**
	 * Adds to a batch what the worker says within {@link #GATHER_NANOS} of its first line
	 * (at once for a checkpoint or the worker's last words): a fast model reports every
	 * step, and one transaction per step made the node compete with its own worker for
	 * the cores (the benchmark measured a job at a third of the bare loop's speed).
	 */
	private void gather(List<WorkerMessage> batch) throws InterruptedException {
		long until = System.nanoTime() + GATHER_NANOS;
		while (batch.size() < MAX_BATCH && !urgent(batch.get(batch.size() - 1))) {
			long left = until - System.nanoTime();
			if (left <= 0) {
				break;
			}
			WorkerMessage next = this.queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
			if (next == null) {
				break;
			}
			batch.add(next);
		}
		this.queue.drainTo(batch, MAX_BATCH - batch.size());
	}

	private static boolean urgent(WorkerMessage message) {
		return message == END || WorkerMessage.CHECKPOINT.equals(message.type())
				|| WorkerMessage.DONE.equals(message.type()) || WorkerMessage.FAILED.equals(message.type());
	}

	private void record(String jobId, Consumer<List<WorkerMessage>> handler) {
		boolean ended = false;
		while (!ended) {
			List<WorkerMessage> batch = new ArrayList<>();
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			try {
				gather(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			ended = batch.remove(END);
			try {
				handler.accept(batch);
			}
			catch (RuntimeException ex) {
				log.error("Job {}: could not record {} worker messages", jobId, batch.size(), ex);
				this.recordingFailure = ex.toString();
			}
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
	 * Waits for the process to exit and for everything it said to be recorded.
	 * @param timeoutMillis how long to wait for the process
	 * @return the exit status, or -1 if it is still running
	 */
	int awaitExit(long timeoutMillis) throws InterruptedException {
		if (!this.process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
			return -1;
		}
		this.reader.join(30_000);
		this.recorder.join(60_000);
		return this.process.exitValue();
	}

	WorkerMessage terminal() {
		return this.terminal;
	}

	/**
	 * Why recording some of the worker's reports failed (the attempt is then retried), or
	 * null.
	 */
	String recordingFailure() {
		return this.recordingFailure;
	}

	long pid() {
		return this.process.pid();
	}

}
