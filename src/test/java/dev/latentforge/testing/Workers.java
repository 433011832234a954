package dev.latentforge.testing;

import java.util.List;

/** Finds the worker processes this JVM started. */
public final class Workers {

	/** The JVM option, early on a worker's command line, that names its job. */
	static final String MARKER = "-Dlatentforge.worker.job=";

	private Workers() {
	}

	public static List<ProcessHandle> running() {
		return ProcessHandle.current()
			.descendants()
			.filter(ProcessHandle::isAlive)
			.filter((p) -> p.info().commandLine().map((c) -> c.contains(MARKER)).orElse(false))
			.toList();
	}

	/**
	 * Workers whose command line names the job (its job file lies in the job's
	 * directory).
	 */
	public static List<ProcessHandle> of(String jobId) {
		return running().stream()
			.filter((p) -> p.info().commandLine().map((c) -> c.contains(MARKER + jobId)).orElse(false))
			.toList();
	}

}
