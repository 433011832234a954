package dev.latentforge.images;

/**
 * An image that cannot be decoded or does not have the expected size, channels or bit
 * depth.
 */
public class InvalidImageException extends RuntimeException {

	public InvalidImageException(String message) {
		super(message);
	}

}
