package dev.latentforge.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Resolves a job's {@code device} setting ({@code auto}, {@code cpu}, {@code gpu:N})
 * against the GPUs the engine sees.
 */
public final class Devices {

	private static final Pattern GPU = Pattern.compile("gpu:(\\d+)");

	private Devices() {
	}

	/**
	 * Resolves a device setting.
	 * @param setting the setting
	 * @param gpuCount the number of GPUs visible
	 * @return the device
	 * @throws IllegalArgumentException if a GPU is asked for that does not exist, with
	 * the reason
	 */
	public static Device resolve(String setting, int gpuCount) {
		if (setting == null || setting.equals("auto")) {
			return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
		}
		if (setting.equals("cpu")) {
			return Device.cpu();
		}
		Matcher matcher = GPU.matcher(setting);
		if (matcher.matches()) {
			int index = Integer.parseInt(matcher.group(1));
			if (index >= gpuCount) {
				throw new IllegalArgumentException(gpuCount == 0
						? "device " + setting + " was requested but this machine has no GPU visible to the engine "
								+ "(PyTorch " + Engine.getEngine("PyTorch").getVersion() + "); use \"cpu\" or \"auto\""
						: "device " + setting + " does not exist; this machine has " + gpuCount
								+ " GPU(s): gpu:0 to gpu:" + (gpuCount - 1));
			}
			return Device.gpu(index);
		}
		throw new IllegalArgumentException("device must be auto, cpu or gpu:N, not '" + setting + "'");
	}

	/** The API's name for a device. */
	public static String name(Device device) {
		return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
	}

}
