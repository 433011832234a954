package dev.latentforge.jobs.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads the node's commands from stdin on a daemon thread. When stdin closes the node is
 * gone (crashed or killed), nobody can commit this worker's checkpoints any more, so the
 * worker exits.
 */
final class Commands {

	/** Exit status of a worker whose node went away. */
	static final int EXIT_ORPHANED = 3;

	private volatile boolean cancel;

	private volatile boolean exit;

	void start(InputStream in) {
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					String command = line.trim();
					if (command.equals(WorkerMessage.COMMAND_CANCEL)) {
						this.cancel = true;
					}
					else if (command.equals(WorkerMessage.COMMAND_CHECKPOINT_AND_EXIT)) {
						this.exit = true;
					}
					else if (!command.isEmpty()) {
						System.err.println("worker: ignoring unknown command '" + command + "'");
					}
				}
			}
			catch (IOException ex) {
				System.err.println("worker: stdin failed: " + ex);
			}
			System.err.println("worker: stdin closed, the node is gone; exiting");
			System.exit(EXIT_ORPHANED);
		}, "worker-commands");
		reader.setDaemon(true);
		reader.start();
	}

	boolean cancelRequested() {
		return this.cancel;
	}

	boolean exitRequested() {
		return this.exit;
	}

}
