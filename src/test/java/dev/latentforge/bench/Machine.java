package dev.latentforge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the benchmark ran on, read from /proc and the JVM. */
final class Machine {

	/**
	 * FP32 FLOP per cycle and core: two 256-bit FMA pipes × 8 lanes × 2 (multiply and
	 * add).
	 */
	static final int FLOP_PER_CYCLE = 32;

	private Machine() {
	}

	static Map<String, Object> describe(int threads, String python) {
		Map<String, Object> out = new LinkedHashMap<>();
		List<String> cpuinfo = lines("/proc/cpuinfo");
		out.put("cpu", field(cpuinfo, "model name"));
		double mhz = parse(field(cpuinfo, "cpu MHz"));
		out.put("cpu_mhz", mhz);
		int cores = Runtime.getRuntime().availableProcessors();
		out.put("cores", cores);
		out.put("memory_kb", parse(field(lines("/proc/meminfo"), "MemTotal")));
		out.put("load_average_at_start", String.join(" ", lines("/proc/loadavg")));
		out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		out.put("threads", threads);
		out.put("python", python);
		out.put("environment", Benchmark.ENVIRONMENT);
		double peak = cores * mhz / 1000 * FLOP_PER_CYCLE;
		out.put("nominal_peak_gflops", peak);
		out.put("nominal_peak_formula", cores + " cores × " + String.format("%.2f", mhz / 1000) + " GHz × "
				+ FLOP_PER_CYCLE + " FP32 FLOP/cycle (2 FMA pipes × 8 lanes × 2)");
		return out;
	}

	private static List<String> lines(String file) {
		try {
			return Files.readAllLines(Path.of(file));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private static String field(List<String> lines, String name) {
		for (String line : lines) {
			if (line.startsWith(name)) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return "?";
	}

	private static double parse(String value) {
		try {
			return Double.parseDouble(value.replaceAll("[^0-9.]", ""));
		}
		catch (NumberFormatException ex) {
			return Double.NaN;
		}
	}

}
