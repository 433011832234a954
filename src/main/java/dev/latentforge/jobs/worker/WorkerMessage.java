package dev.latentforge.jobs.worker;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the worker protocol: {@code {"v":1,"seq":n,"type":...}} with the fields of
 * its type.
 * <ul>
 * <li>{@code progress}: step, total, epoch, phase, stepsPerSecond, etaSeconds (and
 * device, threads on the first line of an attempt)</li>
 * <li>{@code metric}: step, values (training metrics averaged since the last metric line,
 * or held-out metrics at a checkpoint)</li>
 * <li>{@code checkpoint}: step, path, sha256, sizeBytes, values (the checkpoint's
 * metrics)</li>
 * <li>{@code sample}: step, path (a PNG grid)</li>
 * <li>{@code done}: step, reason ({@code completed}, {@code cancelled},
 * {@code shutdown})</li>
 * <li>{@code failed}: step, reason, retryable</li>
 * </ul>
 *
 * @param v the protocol version (1)
 * @param seq the line's sequence number within the attempt, from 1
 * @param type the message type
 * @param step the step the message refers to
 * @param total the run's total steps
 * @param epoch the 0-based epoch
 * @param phase what the run is doing
 * @param stepsPerSecond recent speed
 * @param etaSeconds estimated time to the end
 * @param values metric values by name
 * @param path a file or directory written by the worker
 * @param sha256 the hash of the checkpoint's parameters
 * @param sizeBytes the bytes written
 * @param reason why the run ended
 * @param retryable whether a failure may succeed on retry
 * @param device the device trained on
 * @param threads the intra-op threads
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerMessage(int v, long seq, String type, Long step, Long total, Long epoch, String phase,
		Double stepsPerSecond, Double etaSeconds, Map<String, Double> values, String path, String sha256,
		Long sizeBytes, String reason, Boolean retryable, String device, Integer threads) {

	public static final int VERSION = 1;

	public static final String PROGRESS = "progress";

	public static final String METRIC = "metric";

	public static final String CHECKPOINT = "checkpoint";

	public static final String SAMPLE = "sample";

	public static final String DONE = "done";

	public static final String FAILED = "failed";

	/** Why a run ended with {@code done}. */
	public static final String COMPLETED = "completed";

	public static final String CANCELLED = "cancelled";

	public static final String SHUTDOWN = "shutdown";

	/** Commands the node sends on the worker's stdin, one per line. */
	public static final String COMMAND_CANCEL = "cancel";

	public static final String COMMAND_CHECKPOINT_AND_EXIT = "checkpoint-and-exit";

}
