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

	public static final String DENOISE = "denoise";

	public static final String SAMPLE = "sample";

	public static final String INPAINT = "inpaint";

	public static final String GENERATE = "generate";

	public static final String SCORE = "score";

	public static final String EMBEDDING = "embedding";

	public static final String CLUSTER = "cluster";

	public static final String TRANSFORM = "transform";

	public static final String FILTERS = "filters";

	public static final String CLASSIFY = "classify";

	public static final String EVALUATE = "evaluate";

	public static final String INTERPOLATE = "interpolate";

	public static final String ARITHMETIC = "arithmetic";

	private Capabilities() {
	}

}
