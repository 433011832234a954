package dev.latentforge.datasets.formats;

/**
 * A file that cannot be used as data: corrupt, truncated, of an unsupported type or over
 * a limit. The message says why in terms a user can act on and never holds a stack trace.
 */
public class InvalidFileException extends RuntimeException {

	public InvalidFileException(String message) {
		super(message);
	}

}
