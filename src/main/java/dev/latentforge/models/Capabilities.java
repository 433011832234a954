package dev.latentforge.models;

/**
 * The names of the operations a model may offer; each is an endpoint under
 * {@code /models/{id}}.
 */
public final class Capabilities {

	public static final String RECONSTRUCT = "reconstruct";

	public static final String ENCODE = "encode";

	public static final String DECODE = "decode";

	public static final String EXPORT = "export";

	private Capabilities() {
	}

}
