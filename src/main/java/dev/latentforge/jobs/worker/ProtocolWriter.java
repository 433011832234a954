package dev.latentforge.jobs.worker;

import java.io.PrintStream;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes protocol lines to the worker's real standard output (file descriptor 1),
 * numbering them. Thread-safe; each line is flushed at once so the node sees progress as
 * it happens.
 */
final class ProtocolWriter {

	private final PrintStream out;

	private final JsonMapper json;

	private long seq;

	ProtocolWriter(PrintStream out, JsonMapper json) {
		this.out = out;
		this.json = json;
	}

	synchronized void progress(long step, long total, long epoch, String phase, Double stepsPerSecond,
			Double etaSeconds, String device, Integer threads) {
		send(new WorkerMessage(WorkerMessage.VERSION, ++this.seq, WorkerMessage.PROGRESS, step, total, epoch, phase,
				stepsPerSecond, etaSeconds, null, null, null, null, null, null, device, threads));
	}

	synchronized void metric(long step, Map<String, Double> values) {
		send(new WorkerMessage(WorkerMessage.VERSION, ++this.seq, WorkerMessage.METRIC, step, null, null, null, null,
				null, values, null, null, null, null, null, null, null));
	}

	synchronized void checkpoint(long step, String path, String sha256, long sizeBytes, Map<String, Double> metrics) {
		send(new WorkerMessage(WorkerMessage.VERSION, ++this.seq, WorkerMessage.CHECKPOINT, step, null, null, null,
				null, null, metrics, path, sha256, sizeBytes, null, null, null, null));
	}

	synchronized void sample(long step, String path) {
		send(new WorkerMessage(WorkerMessage.VERSION, ++this.seq, WorkerMessage.SAMPLE, step, null, null, null, null,
				null, null, path, null, null, null, null, null, null));
	}

	synchronized void done(long step, String reason) {
		send(new WorkerMessage(WorkerMessage.VERSION, ++this.seq, WorkerMessage.DONE, step, null, null, null, null,
				null, null, null, null, null, reason, null, null, null));
	}

	synchronized void failed(long step, String reason, boolean retryable) {
		send(new WorkerMessage(WorkerMessage.VERSION, ++this.seq, WorkerMessage.FAILED, step, null, null, null, null,
				null, null, null, null, null, reason, retryable, null, null));
	}

	private void send(WorkerMessage message) {
		this.out.println(this.json.writeValueAsString(message));
		this.out.flush();
	}

}
