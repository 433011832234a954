package dev.latentforge.checkpoints;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Checkpoint retention.
 *
 * @param keepLatest how many of a job's most recent checkpoints to keep; the best one and
 * any that a served model or a recorded generation refers to are kept as well
 */
@ConfigurationProperties("latentforge.checkpoints")
public record CheckpointProperties(@DefaultValue("3") int keepLatest) {

	public CheckpointProperties {
		if (keepLatest < 1) {
			throw new IllegalArgumentException(
					"latentforge.checkpoints.keep-latest must be at least 1: a job resumes from its latest checkpoint");
		}
	}

}
