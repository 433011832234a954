package dev.latentforge.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The versions and thread settings of the deep-learning engine in this JVM, for receipts
 * and manifests.
 */
public final class EngineInfo {

	private EngineInfo() {
	}

	/**
	 * The PyTorch engine; nothing is ever downloaded ({@code ai.djl.offline} defaults to
	 * true).
	 */
	public static Engine engine() {
		if (System.getProperty("ai.djl.offline") == null) {
			System.setProperty("ai.djl.offline", "true");
		}
		return Engine.getEngine("PyTorch");
	}

	public static String djlVersion() {
		return Engine.getDjlVersion();
	}

	public static String pytorchVersion() {
		return engine().getVersion();
	}

	public static int threads() {
		engine();
		return JniUtils.getNumThreads();
	}

	public static Map<String, String> libraries() {
		Map<String, String> out = new LinkedHashMap<>();
		out.put("djl", djlVersion());
		out.put("pytorch", pytorchVersion());
		out.put("java", System.getProperty("java.version"));
		return out;
	}

}
