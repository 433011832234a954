package dev.latentforge.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import dev.latentforge.engine.Devices;
import dev.latentforge.engine.EngineInfo;

/**
 * What the deep-learning engine in this JVM is and sees, read for health and info.
 *
 * @param engine the engine's name
 * @param pytorchVersion the libtorch version
 * @param djlVersion the DJL version
 * @param devices the devices jobs can ask for: {@code cpu}, then {@code gpu:N}
 * @param gpuCount the GPUs visible to the engine
 * @param intraOpThreads libtorch's intra-op threads in this JVM
 * @param offline whether DJL may not download anything ({@code ai.djl.offline})
 */
record EngineStatus(String engine, String pytorchVersion, String djlVersion, List<String> devices, int gpuCount,
		int intraOpThreads, boolean offline) {

	/**
	 * Reads the engine, loading it if this is the first use.
	 * @return the status
	 * @throws RuntimeException or {@link LinkageError} if the engine cannot load
	 */
	static EngineStatus read() {
		Engine engine = EngineInfo.engine();
		int gpus = engine.getGpuCount();
		List<String> devices = new ArrayList<>();
		devices.add(Devices.name(Device.cpu()));
		for (int i = 0; i < gpus; i++) {
			devices.add(Devices.name(Device.gpu(i)));
		}
		return new EngineStatus(engine.getEngineName(), engine.getVersion(), EngineInfo.djlVersion(),
				List.copyOf(devices), gpus, EngineInfo.threads(), Utils.isOfflineMode());
	}

	Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("engine", this.engine);
		details.put("pytorchVersion", this.pytorchVersion);
		details.put("djlVersion", this.djlVersion);
		details.put("devices", this.devices);
		details.put("gpuCount", this.gpuCount);
		details.put("intraOpThreads", this.intraOpThreads);
		details.put("offline", this.offline);
		return details;
	}

	/**
	 * Why the engine could not load, in one line: the failure's message and, when it
	 * differs, that of its root cause (DJL wraps the native loader's error).
	 */
	static String reason(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String reason = describe(failure);
		return (root == failure) ? reason : reason + " (caused by " + describe(root) + ")";
	}

	private static String describe(Throwable failure) {
		return (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getName();
	}

}
