/**
 * The training worker: a plain {@code main} (no Spring, no database) that a node starts
 * as a child JVM per running job. It reads a job file, trains, writes checkpoints and
 * reports on stdout as newline-delimited JSON
 * ({@link dev.latentforge.jobs.worker.WorkerMessage}); it reads commands on stdin and
 * exits when stdin closes, because then the node that owns it is gone.
 */
package dev.latentforge.jobs.worker;
