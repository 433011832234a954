package dev.latentforge.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the benchmark's results as a markdown report. */
final class Report {

	private Report() {
	}

	/** Renders a results JSON file again: {@code Report <results.json> <out.md>}. */
	@SuppressWarnings("unchecked")
	public static void main(String[] args) throws java.io.IOException {
		Map<String, Object> results = Benchmark.JSON
			.readValue(java.nio.file.Files.readString(java.nio.file.Path.of(args[0])), java.util.LinkedHashMap.class);
		List<String> notes = (List<String>) results.getOrDefault("notes", List.of());
		java.nio.file.Files.writeString(java.nio.file.Path.of(args[1]), markdown(results, notes));
	}

	@SuppressWarnings("unchecked")
	static String markdown(Map<String, Object> results, List<String> notes) {
		StringBuilder md = new StringBuilder();
		Map<String, Object> machine = (Map<String, Object>) results.get("machine");
		Map<String, Object> calibration = (Map<String, Object>) results.get("calibration");
		Map<String, Object> djl = calibration == null ? Map.of() : (Map<String, Object>) calibration.get("djl");
		Map<String, Object> torch = calibration == null || calibration.get("pytorch") == null ? Map.of()
				: (Map<String, Object>) calibration.get("pytorch");
		double threads = number(machine.get("threads"));
		double peak = number(machine.get("nominal_peak_gflops")) / number(machine.get("cores")) * threads;
		md.append("# Latentforge benchmark (").append(results.get("mode")).append(")\n\n");
		md.append("Run ").append(results.get("started")).append(" to ").append(results.get("finished")).append(".\n\n");
		md.append("## Machine\n\n| | |\n| --- | --- |\n");
		row(md, "CPU", machine.get("cpu") + " (" + fmt(machine.get("cpu_mhz"), 0) + " MHz)");
		row(md, "cores / threads used", machine.get("cores") + " / " + machine.get("threads"));
		row(md, "memory", fmt(number(machine.get("memory_kb")) / 1024 / 1024, 1) + " GiB");
		row(md, "load average at start", machine.get("load_average_at_start"));
		row(md, "Java", machine.get("java"));
		row(md, "DJL / libtorch", djl.get("djl") + " / " + djl.get("libtorch"));
		row(md, "PyTorch (Python)", torch.getOrDefault("torch", "not run") + " (" + machine.get("python") + ")");
		row(md, "environment of every process", machine.get("environment"));
		row(md, "nominal FP32 peak", fmt(machine.get("nominal_peak_gflops"), 0) + " GFLOP/s = "
				+ machine.get("nominal_peak_formula") + "; for " + fmt(threads, 0) + " threads: " + fmt(peak, 0));
		md.append("\n## Calibration: 1024³ FP32 matrix product\n\n");
		md.append(
				"| engine | threads | device | GFLOP/s | % of nominal peak | budget |\n| --- | --- | --- | --- | --- | --- |\n");
		if (calibration != null) {
			md.append("| DJL ")
				.append(djl.get("djl"))
				.append(" / libtorch ")
				.append(djl.get("libtorch"))
				.append(" | ")
				.append(djl.get("threads"))
				.append(" | cpu | ")
				.append(fmt(calibration.get("djl_gflops"), 1))
				.append(" | ")
				.append(pct(number(calibration.get("djl_gflops")) / peak))
				.append(" | ")
				.append(calibration.get("budget"))
				.append(" |\n");
			md.append("| PyTorch ")
				.append(torch.getOrDefault("torch", "-"))
				.append(" | ")
				.append(torch.getOrDefault("threads", "-"))
				.append(" | cpu | ")
				.append(fmt(calibration.get("pytorch_gflops"), 1))
				.append(" | ")
				.append(pct(number(calibration.get("pytorch_gflops")) / peak))
				.append(" | ")
				.append(calibration.get("budget"))
				.append(" |\n");
		}
		Map<String, Object> profile = (Map<String, Object>) results.get("ae_profile");
		if (profile != null) {
			Map<String, Object> pd = (Map<String, Object>) profile.getOrDefault("djl", Map.of());
			Map<String, Object> pt = profile.get("pytorch") == null ? Map.of()
					: (Map<String, Object>) profile.get("pytorch");
			md.append("\n## Profile: one dense-AE training step (ms), each phase timed on its own\n\n");
			md.append(profile.get("budget"))
				.append(". DJL: `AutoencoderStepProfile` (the trainer's step taken apart); "
						+ "PyTorch: `torch_bench.py ae --profile`.\n\n");
			md.append("| phase | DJL | PyTorch | DJL/PyTorch |\n| --- | --- | --- | --- |\n");
			for (String phase : List.of("batch_ms", "forward_and_loss_ms", "backward_ms", "read_loss_ms",
					"optimizer_ms", "step_ms", "optimizer_fused_libtorch_ms")) {
				md.append("| ")
					.append(phase.replace("_ms", "").replace('_', ' '))
					.append(" | ")
					.append(fmt(pd.get(phase), 3))
					.append(" | ")
					.append(fmt(pt.get(phase), 3))
					.append(" | ")
					.append(fmt(number(pd.get(phase)) / number(pt.get(phase)), 2))
					.append(" |\n");
			}
		}
		md.append("\n## Training throughput (images/s after warm-up)\n\n");
		md.append("(a) a job submitted over HTTP, from the worker's `images_per_second` metric; (b) the bare loop: the "
				+ "same family trainer on the job file the service wrote, no service, no protocol, no checkpoints; (c) "
				+ "PyTorch eager, same architecture and thread count. GFLOP/s = the model's FLOP per step (PyTorch "
				+ "side's formula: forward + backward ≈ 3 × forward FLOP; see `bench/torch_bench.py`) / time per step.\n\n");
		md.append("(a′) is the worker JVM run on the same job file with no service reading its lines: a′/b is the "
				+ "worker loop's own cost, a/a′ the service's (the node process sharing the cores with the worker).\n\n");
		md.append("Each row is measured in rounds (each round runs (c), (a), (b), (a′) one after the other); the table "
				+ "shows each kind's median time per step over the rounds; the JSON keeps every round.\n\n");
		md.append("| model | batch | budget | device | threads | (a) service | (a′) worker alone | (b) bare loop | (c) "
				+ "PyTorch | a/b | a′/b | b/c | (b) GFLOP/s | (b) % of peak | (c) GFLOP/s | worker peak RSS | "
				+ "submission → first step |\n");
		md.append(
				"| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
		for (Map<String, Object> t : (List<Map<String, Object>>) results.getOrDefault("training", List.of())) {
			Map<String, Object> a = (Map<String, Object>) t.getOrDefault("a_service", Map.of());
			Map<String, Object> b = (Map<String, Object>) t.getOrDefault("b_bare", Map.of());
			Map<String, Object> c = t.get("c_pytorch") == null ? Map.of() : (Map<String, Object>) t.get("c_pytorch");
			Map<String, Object> alone = (Map<String, Object>) t.getOrDefault("worker_alone", Map.of());
			double ai = number(a.get("images_per_second"));
			double alonei = number(alone.get("images_per_second"));
			double bi = number(b.get("images_per_second"));
			double ci = number(c.get("images_per_second"));
			double flopsPerStep = number(c.get("gflops")) * 1e9 * number(c.get("seconds_per_step"));
			double bGflops = flopsPerStep / number(b.get("seconds_per_step")) / 1e9;
			md.append("| ")
				.append(t.get("model"))
				.append(" | ")
				.append(t.get("batch"))
				.append(" | ")
				.append(t.get("budget"))
				.append(t.get("rounds") == null ? "" : ", " + t.get("rounds") + " rounds")
				.append(" | ")
				.append(t.getOrDefault("device", "cpu"))
				.append(" | ")
				.append(t.get("threads"))
				.append(" | ")
				.append(fmt(ai, 0))
				.append(" | ")
				.append(fmt(alonei, 0))
				.append(" | ")
				.append(fmt(bi, 0))
				.append(" | ")
				.append(fmt(ci, 0))
				.append(" | ")
				.append(fmt(ai / bi, 2))
				.append(" | ")
				.append(fmt(alonei / bi, 2))
				.append(" | ")
				.append(fmt(bi / ci, 2))
				.append(" | ")
				.append(fmt(bGflops, 1))
				.append(" | ")
				.append(pct(bGflops / peak))
				.append(" | ")
				.append(fmt(c.get("gflops"), 1))
				.append(" | ")
				.append(t.get("worker_peak_rss_kb") == null ? "-"
						: fmt(number(t.get("worker_peak_rss_kb")) / 1024, 0) + " MB")
				.append(" | ")
				.append(fmt(t.get("submission_to_first_step_seconds"), 1))
				.append(" s |\n");
			if (t.get("pending") != null) {
				md.append("| ↳ pending | | | | | ").append(t.get("pending")).append(" | | | | | | | | | | | |\n");
			}
		}
		List<Map<String, Object>> limits = (List<Map<String, Object>>) results.getOrDefault("limits", List.of());
		List<Map<String, Object>> generation = (List<Map<String, Object>>) results.getOrDefault("generation",
				List.of());
		if (!limits.isEmpty()) {
			md.append("\n## Generation under load\n\n");
			md.append("JSON bodies, `Accept: application/x-npy`; 1 inference thread, fixed batch 32, batching max 32 "
					+ "rows, max delay 2 ms. Closed-loop Java clients on loopback, each with its own connection, 3 "
					+ "warm-up requests per client. **Limit**: the same model called directly (no HTTP), batch 32, rows "
					+ "built as the service builds them, the better of 1 and all intra-op threads. \"server ms\" is the inference executor's own "
					+ "mean time per request (queue wait + the forward passes), from its Prometheus timer; the rest of "
					+ "the latency is HTTP, authentication, the audit record, model selection (database), the "
					+ "generation record (`/generate` only) and encoding. CPU per request: the service process's and the "
					+ "load generator's user + system time (/proc) over the row's requests, warm-up included; "
					+ "with 2 cores shared by both, 2,000 ms/s divided by their sum bounds the requests per second."
					+ "\n");
		}
		for (Map<String, Object> limit : limits) {
			double limitIps = number(limit.get("images_per_second"));
			Object name = limit.get("served");
			md.append("\n### ").append(name).append("\n\n");
			md.append("Served: ")
				.append(limit.get("description"))
				.append(". **Limit: ")
				.append(fmt(limitIps, 0))
				.append(" images/s** (")
				.append(limit.get("budget"))
				.append(": 1 thread ")
				.append(fmt(limit.get("images_per_second_1_thread"), 0))
				.append(", ")
				.append(limit.get("threads"))
				.append(" used).\n\n");
			md.append(
					"| images/request | clients | batching | requests | p50 ms | p95 ms | p99 ms | server ms | images/s "
							+ "| % of limit | service CPU ms/request | client CPU ms/request | errors |\n");
			md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
			Map<String, Object> requestProfile = null;
			for (Map<String, Object> g : generation) {
				if (g.get("requests_per_second") != null || !name.equals(g.get("served"))) {
					continue;
				}
				cells(md, g.get("images_per_request"), g.get("clients"),
						Boolean.TRUE.equals(g.get("batching")) ? "on" : "off", g.get("requests"),
						fmt(g.get("p50_ms"), 2), fmt(g.get("p95_ms"), 2), fmt(g.get("p99_ms"), 2),
						fmt(g.get("server_inference_mean_ms"), 2), fmt(g.get("images_per_second"), 0),
						pct(number(g.get("images_per_second")) / limitIps), fmt(g.get("service_cpu_ms_per_request"), 2),
						fmt(g.get("client_cpu_ms_per_request"), 2), g.get("errors"));
				if (g.get("profile") instanceof Map<?, ?> p) {
					requestProfile = (Map<String, Object>) p;
				}
			}
			if (requestProfile != null) {
				md.append("\nProfile of the service's Java threads in the row of single images from 32 clients, "
						+ "batching on (")
					.append(requestProfile.get("samples"))
					.append(" JFR execution samples; native compute, libtorch's included, is not sampled):\n\n"
							+ "| part of the request path | share of samples |\n| --- | --- |\n");
				for (Map.Entry<String, Object> part : requestProfile.entrySet()) {
					if (!part.getKey().equals("samples")) {
						cells(md, part.getKey(), pct(number(part.getValue())));
					}
				}
			}
		}
		List<Map<String, Object>> ceiling = generation.stream()
			.filter((g) -> g.get("requests_per_second") != null)
			.toList();
		if (!ceiling.isEmpty()) {
			md.append("\nThe control plane alone (`GET /api/v1/models/{id}`: key check and model lookup, no inference, "
					+ "no audit record), same clients:\n\n| clients | requests | p50 ms | p99 ms | requests/s |\n"
					+ "| --- | --- | --- | --- | --- |\n");
			for (Map<String, Object> g : ceiling) {
				cells(md, g.get("clients"), g.get("requests"), fmt(g.get("p50_ms"), 2), fmt(g.get("p99_ms"), 2),
						fmt(g.get("requests_per_second"), 0));
			}
		}
		Map<String, Object> memory = (Map<String, Object>) results.get("memory");
		if (memory != null) {
			md.append("\n## Memory and start-up\n\n| | |\n| --- | --- |\n");
			row(md, "service JVM", memory.get("service_heap"));
			row(md, "launch → readiness", fmt(memory.get("launch_to_ready_seconds"), 1) + " s");
			row(md, "service RSS when ready", kb(memory.get("rss_ready_kb")));
			row(md, "service RSS before the memory calls", kb(memory.get("rss_before_calls_kb")));
			row(md, "service RSS after 2,000 calls", kb(memory.get("rss_after_2000_calls_kb")));
			row(md, "service RSS after 10,000 calls", kb(memory.get("rss_after_10000_calls_kb")));
			row(md, "growth 2,000 → 10,000 calls",
					pct(number(memory.get("rss_growth_2000_to_10000"))) + " (" + memory.get("calls") + ")");
		}
		if (!notes.isEmpty()) {
			md.append("\n## Notes\n\n");
			notes.forEach((note) -> md.append("- ").append(note).append('\n'));
		}
		return md.toString();
	}

	private static void row(StringBuilder md, String name, Object value) {
		cells(md, name, value);
	}

	/** One markdown table row: "| a | b | ... |". */
	private static void cells(StringBuilder md, Object... values) {
		md.append('|');
		for (Object value : values) {
			md.append(' ').append(value).append(" |");
		}
		md.append('\n');
	}

	private static String kb(Object value) {
		return fmt(number(value) / 1024, 0) + " MB";
	}

	static double number(Object value) {
		return value instanceof Number n ? n.doubleValue() : Double.NaN;
	}

	static String fmt(Object value, int digits) {
		double v = value instanceof Number n ? n.doubleValue() : Double.NaN;
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "-";
	}

	static String pct(double ratio) {
		return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.0f%%", ratio * 100) : "-";
	}

}
