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

	/**
	 * The libtorch this process loaded (the path of its {@code libtorch_cpu} library,
	 * read from {@code /proc/self/maps}), or {@code null} where that cannot be told.
	 * Shows whether {@code PYTORCH_LIBRARY_PATH} took effect.
	 */
	public static String nativeLibrary() {
		engine();
		try (java.util.stream.Stream<String> maps = java.nio.file.Files
			.lines(java.nio.file.Path.of("/proc/self/maps"))) {
			return maps.map((line) -> line.substring(line.lastIndexOf(' ') + 1))
				.filter((path) -> path.endsWith("/libtorch_cpu.so"))
				.findFirst()
				.orElse(null);
		}
		catch (java.io.IOException | java.io.UncheckedIOException ex) {
			return null;
		}
	}

	public static Map<String, String> libraries() {
		Map<String, String> out = new LinkedHashMap<>();
		out.put("djl", djlVersion());
		out.put("pytorch", pytorchVersion());
		out.put("java", System.getProperty("java.version"));
		return out;
	}

}
