package dev.latentforge.tensors;

/** A tensor file that cannot be read: wrong magic, unsupported type, truncated data. */
public class TensorFormatException extends RuntimeException {

	public TensorFormatException(String message) {
		super(message);
	}

	public TensorFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
