package dev.latentforge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.latentforge.jobs.worker.JobFile;
import dev.latentforge.testing.ServiceTestSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark behind {@code bench/run}: calibration, training throughput three ways
 * (service job, bare loop, PyTorch eager), generation under load with batching on and off
 * against the offline limit, memory and start-up. Everything runs in one go on this
 * machine, so the ratios compare numbers taken side by side.
 */
public final class Benchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Every child process gets these, so the two engines run under the same OpenMP
	 * policy.
	 */
	static final Map<String, String> ENVIRONMENT = Map.of("OMP_WAIT_POLICY", "PASSIVE", "MALLOC_ARENA_MAX", "2");

	private final boolean quick;

	private final int threads;

	private final String python;

	private final Path work;

	private final Map<String, Object> results = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	/**
	 * Skip calibration, the step profile and the training rows (a quicker loop when
	 * working on the serving path; the report says so).
	 */
	private boolean generationOnly;

	private Benchmark(boolean quick, int threads, String python, Path work) {
		this.quick = quick;
		this.threads = threads;
		this.python = python;
		this.work = work;
	}

	public static void main(String[] args) throws Exception {
		boolean quick = false;
		boolean generationOnly = false;
		int threads = Runtime.getRuntime().availableProcessors();
		String python = "/usr/bin/python3";
		Path out = Path.of("bench/results");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> quick = true;
				case "--generation-only" -> generationOnly = true;
				case "--threads" -> threads = Integer.parseInt(args[++i]);
				case "--python" -> python = args[++i];
				case "--out" -> out = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("unknown argument " + args[i]);
			}
		}
		Path work = Files.createTempDirectory("latentforge-bench");
		Benchmark benchmark = new Benchmark(quick, threads, python, work);
		benchmark.generationOnly = generationOnly;
		try {
			benchmark.run();
		}
		catch (Exception ex) {
			ex.printStackTrace();
			benchmark.notes.add("the run stopped early: " + ex);
			benchmark.results.put("notes", benchmark.notes);
		}
		Files.createDirectories(out);
		String name = (generationOnly ? "generation-" : "") + (quick ? "quick" : "full");
		Files.writeString(out.resolve(name + ".json"),
				JSON.writerWithDefaultPrettyPrinter().writeValueAsString(benchmark.results) + "\n");
		String markdown = Report.markdown(benchmark.results, benchmark.notes);
		Files.writeString(out.resolve(name + ".md"), markdown);
		System.out.println(markdown);
		System.out.println("written: " + out.resolve(name + ".md") + ", " + out.resolve(name + ".json"));
		System.exit(0);
	}

	private void run() throws Exception {
		this.results.put("mode", this.quick ? "quick" : "full");
		this.results.put("started", Instant.now().toString());
		this.results.put("machine", Machine.describe(this.threads, this.python));
		if (this.generationOnly) {
			this.notes.add("run with --generation-only: no calibration, step profile or training rows");
		}
		else {
			log("calibration");
			calibration();
			log("profile of the dense AE step");
			profile();
		}
		Path dataDir = this.work.resolve("data");
		Map<String, String> serviceProperties = new LinkedHashMap<>();
		serviceProperties.put("latentforge.jobs.worker-threads", Integer.toString(this.threads));
		serviceProperties.put("latentforge.jobs.worker-nice", "0");
		serviceProperties.put("latentforge.jobs.polling-interval", "100ms");
		serviceProperties.put("latentforge.quotas.generation-requests-per-second", "1000000");
		serviceProperties.put("latentforge.quotas.max-concurrent-jobs", "1");
		serviceProperties.put("latentforge.datasets.fashion-mnist-dir", dataDir.resolve("none").toString());
		Map<String, Object> memory = new LinkedHashMap<>();
		this.results.put("memory", memory);
		String decodeModel;
		String dataset;
		List<Served> served = List.of();
		log("service with batching on");
		try (BenchService service = BenchService.start("batching-on", dataDir, "768m", ENVIRONMENT,
				serviceProperties)) {
			memory.put("service_heap", "-Xms768m -Xmx768m -XX:+AlwaysPreTouch, MALLOC_ARENA_MAX=2");
			memory.put("launch_to_ready_seconds", service.readySeconds);
			memory.put("rss_ready_kb", service.rssKilobytes());
			ServiceTestSupport.Api api = service.api();
			HttpResponse<String> upload = api.uploadIdx("bench-28x28", 6000, 28, 28);
			if (upload.statusCode() != 201) {
				throw new IllegalStateException("upload failed: " + upload.body());
			}
			dataset = api.json(upload).get("id").asString();
			List<Map<String, Object>> training = new ArrayList<>();
			this.results.put("training", training);
			decodeModel = null;
			for (TrainingRow row : this.generationOnly ? List.<TrainingRow>of() : TrainingRow.all(this.quick)) {
				log("training " + row.name());
				Map<String, Object> measured;
				try {
					measured = training(api, dataDir, dataset, row);
				}
				catch (Exception ex) {
					measured = new LinkedHashMap<>(Map.of("model", row.name(), "pending", "failed: " + ex));
				}
				log("  " + measured);
				training.add(measured);
				if (row.name().startsWith("dense AE") && measured.get("job") != null) {
					decodeModel = (String) measured.get("job");
				}
			}
			served = servedModels(api, dataset, decodeModel);
			List<Map<String, Object>> generation = new ArrayList<>();
			this.results.put("generation", generation);
			List<Map<String, Object>> limits = new ArrayList<>();
			this.results.put("limits", limits);
			if (!served.isEmpty()) {
				generation.addAll(controlPlane(service, served.get(0).job()));
			}
			for (Served model : served) {
				service.awaitNoWorkers();
				log("generation limit: " + model.name());
				limits.add(limit(dataDir, model));
				log("generation, batching on: " + model.name());
				generation.addAll(load(service, model, true));
			}
			Served memoryModel = served.stream().filter((m) -> m.name().startsWith("MLP")).findFirst().orElse(null);
			if (memoryModel != null) {
				log("memory");
				memory(service, memoryModel, memory);
			}
		}
		if (!served.isEmpty()) {
			serviceProperties.put("latentforge.generation.batching.enabled", "false");
			log("service with batching off");
			try (BenchService service = BenchService.start("batching-off", dataDir, "768m", ENVIRONMENT,
					serviceProperties)) {
				@SuppressWarnings("unchecked")
				List<Map<String, Object>> generation = (List<Map<String, Object>>) this.results.get("generation");
				for (Served model : served) {
					log("generation, batching off: " + model.name());
					generation.addAll(load(service, model, false));
				}
			}
		}
		this.results.put("finished", Instant.now().toString());
		this.results.put("notes", this.notes);
	}

	private static void log(String what) {
		System.err.println("[bench " + Instant.now() + "] " + what);
	}

	// ---- calibration

	private void calibration() throws Exception {
		int steps = this.quick ? 10 : 40;
		Map<String, Object> djl = javaTask(List.of("matmul", "3", Integer.toString(steps)), this.threads);
		Map<String, Object> torch = pythonTask("matmul", 3, steps, List.of());
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("budget", steps + " products after 3 warm-up");
		row.put("threads", this.threads);
		row.put("device", "cpu");
		row.put("djl_gflops", djl.get("gflops"));
		row.put("pytorch_gflops", torch == null ? null : torch.get("gflops"));
		row.put("djl", djl);
		row.put("pytorch", torch);
		this.results.put("calibration", row);
	}

	private void profile() throws Exception {
		int steps = this.quick ? 100 : 500;
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("budget", "20 warm-up + " + steps + " steps, batch 128, " + this.threads + " threads");
		row.put("djl", javaTask(dev.latentforge.models.autoencoder.AutoencoderStepProfile.class.getName(),
				List.of("20", Integer.toString(steps)), this.threads));
		row.put("pytorch", pythonTask("ae", 20, steps, List.of("--profile")));
		this.results.put("ae_profile", row);
	}

	// ---- training

	/**
	 * One training row: a model, its job body, its PyTorch counterpart and its budget.
	 */
	record TrainingRow(String name, Map<String, Object> model, int batch, Map<String, Object> optimizer,
			String pythonTask, List<String> pythonArgs, int warmup, int steps, String pendingWiring) {

		static List<TrainingRow> all(boolean quick) {
			Map<String, Object> adam = Map.of("type", "adam", "learningRate", 0.001);
			return List.of(
					new TrainingRow("dense AE 784-256-64-256-784, BCE",
							Map.of("type", "autoencoder", "layers", List.of(256, 64), "activation", "relu", "loss",
									"bce"),
							128, adam, "ae", List.of(), quick ? 30 : 100, quick ? 300 : 2000, null),
					new TrainingRow("RBM 784-500, CD-1", Map.of("type", "rbm", "hidden", 500, "sampler", "cd", "k", 1),
							100, adam, "rbm", List.of(), quick ? 20 : 50, quick ? 150 : 1000,
							"merge branch rbm (family type 'rbm', spec fields hidden/sampler/k); nothing else"),
					new TrainingRow("DCGAN 28x28, non-saturating", Map.of("type", "gan", "architecture", "dcgan"), 64,
							null, "dcgan", List.of("--upsample", "transposed"), quick ? 3 : 10, quick ? 15 : 150,
							"merge branch gan-train (family type 'gan', architecture dcgan); nothing else"));
		}

	}

	/**
	 * A training row measured in rounds, each running (c), (a), (b) and (a′) one after
	 * the other; the row reports each kind's median over the rounds and keeps every
	 * round's value, since on a shared machine two runs a minute apart can differ by 2×.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> training(ServiceTestSupport.Api api, Path dataDir, String dataset, TrainingRow row)
			throws Exception {
		int rounds = this.quick ? 2 : 3;
		List<Map<String, Object>> all = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			Map<String, Object> one = trainingRound(api, dataDir, dataset, row);
			all.add(one);
			if (one.get("pending") != null) {
				return one;
			}
		}
		Map<String, Object> out = new LinkedHashMap<>(all.get(0));
		out.put("rounds", rounds);
		for (String kind : List.of("a_service", "worker_alone", "b_bare", "c_pytorch")) {
			List<Double> perStep = new ArrayList<>();
			List<Double> ips = new ArrayList<>();
			Map<String, Object> median = new LinkedHashMap<>();
			for (Map<String, Object> one : all) {
				Map<String, Object> measured = (Map<String, Object>) one.get(kind);
				if (measured != null && measured.get("seconds_per_step") instanceof Number n) {
					perStep.add(n.doubleValue());
					ips.add(Report.number(measured.get("images_per_second")));
					median.putIfAbsent("first_round", measured);
				}
			}
			if (!perStep.isEmpty()) {
				java.util.Collections.sort(perStep);
				double medianStep = perStep.size() % 2 == 1 ? perStep.get(perStep.size() / 2)
						: (perStep.get(perStep.size() / 2 - 1) + perStep.get(perStep.size() / 2)) / 2;
				median.put("seconds_per_step", medianStep);
				median.put("images_per_second", row.batch() / medianStep);
				median.put("images_per_second_each_round", ips);
				Object gflops = ((Map<String, Object>) median.get("first_round")).get("gflops");
				if (gflops instanceof Number g) {
					// the FLOP per step is fixed: rescale the first round's rate to the
					// median time
					double flops = g.doubleValue() * 1e9
							* Report.number(((Map<String, Object>) median.get("first_round")).get("seconds_per_step"));
					median.put("gflops", flops / medianStep / 1e9);
				}
				out.put(kind, median);
			}
		}
		return out;
	}

	private Map<String, Object> trainingRound(ServiceTestSupport.Api api, Path dataDir, String dataset, TrainingRow row)
			throws Exception {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("model", row.name());
		out.put("batch", row.batch());
		out.put("budget", row.warmup() + " warm-up + " + row.steps() + " measured steps");
		out.put("threads", this.threads);
		long total = row.warmup() + row.steps();
		Map<String, Object> trainingSpec = new LinkedHashMap<>();
		trainingSpec.put("maxSteps", total);
		trainingSpec.put("batchSize", row.batch());
		if (row.optimizer() != null) {
			trainingSpec.put("optimizer", row.optimizer());
		}
		trainingSpec.put("checkpointEvery", total);
		trainingSpec.put("seed", 7);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "bench-" + row.pythonTask());
		body.put("dataset", dataset);
		body.put("model", row.model());
		body.put("training", trainingSpec);
		body.put("device", "auto");
		// (c) first: it does not depend on our build
		Map<String, Object> torch = pythonTask(row.pythonTask(), row.warmup(), row.steps(),
				concat(row.pythonArgs(), List.of("--batch", Integer.toString(row.batch()))));
		out.put("c_pytorch", torch);
		long submitted = System.nanoTime();
		HttpResponse<String> created = api.post("/api/v1/jobs", body);
		if (created.statusCode() != 201) {
			out.put("pending", "the service refused the job (" + created.statusCode() + "): "
					+ api.json(created).path("detail").asString("") + "; wiring: " + row.pendingWiring());
			return out;
		}
		String job = api.json(created).get("id").asString();
		out.put("job", job);
		double firstStep = Double.NaN;
		while (true) {
			JsonNode series = api.json(api.get("/api/v1/jobs/" + job + "/metrics?every=1")).get("series");
			boolean stepped = false;
			for (JsonNode one : series) {
				if (one.get("name").asString().equals("loss") && one.get("steps").size() > 0) {
					stepped = true;
				}
			}
			if (stepped) {
				firstStep = (System.nanoTime() - submitted) / 1e9;
				break;
			}
			String status = api.status(job);
			if (status.equals("FAILED") || status.equals("CANCELLED")) {
				break;
			}
			Thread.sleep(25);
		}
		out.put("submission_to_first_step_seconds", firstStep);
		JsonNode done = api.awaitStatus(job, Duration.ofMinutes(60), "SUCCEEDED", "FAILED", "CANCELLED");
		if (!done.get("status").asString().equals("SUCCEEDED")) {
			out.put("pending",
					"the job " + done.get("status").asString() + ": " + done.path("failureReason").asString(""));
			return out;
		}
		out.put("device", done.path("device").path("actual").asString("?"));
		out.put("a_service", serviceThroughput(api, job, row));
		String logs = api.get("/api/v1/jobs/" + job + "/logs").body();
		Matcher rss = Pattern.compile("worker peak RSS: (\\d+) kB").matcher(logs);
		out.put("worker_peak_rss_kb", rss.find() ? Long.parseLong(rss.group(1)) : null);
		Path jobFile = find(dataDir.resolve("jobs").resolve(job), JobFile.FILE_NAME);
		out.put("b_bare", javaTask(
				List.of("train", jobFile.toString(), Integer.toString(row.warmup()), Integer.toString(row.steps())),
				this.threads));
		out.put("worker_alone", workerAlone(jobFile, row));
		return out;
	}

	/**
	 * The worker JVM on the service's job file, launched as the service launches it but
	 * with no service reading its lines: splits a/b into the worker loop's own cost and
	 * the service's (the node process sharing the cores).
	 */
	private Map<String, Object> workerAlone(Path jobFile, TrainingRow row) throws Exception {
		JobFile job = JobFile.read(jobFile, dev.latentforge.testing.WorkerHarness.JSON);
		Path attempt = this.work.resolve("alone-" + row.pythonTask() + "-" + System.nanoTime());
		JobFile alone = new JobFile(job.jobId(), job.attempt(), job.family(), job.spec(), job.dataset(),
				job.datasetDir(), attempt.toString(), null, job.device(), null);
		Files.createDirectories(attempt);
		Path file = attempt.resolve("job-alone.json");
		alone.write(file, dev.latentforge.testing.WorkerHarness.JSON);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx2048m");
		command.add("-XX:+UseSerialGC");
		command.add("-XX:+ExitOnOutOfMemoryError");
		command.add("-Dai.djl.offline=true");
		command.add("-Dai.djl.pytorch.num_threads=" + this.threads);
		command.add("-Dai.djl.pytorch.num_interop_threads=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(dev.latentforge.jobs.worker.WorkerMain.class.getName());
		command.add(file.toString());
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(attempt.resolve("worker.log").toFile());
		builder.environment().putAll(ENVIRONMENT);
		builder.environment().put("OMP_NUM_THREADS", Integer.toString(this.threads));
		Process process = builder.start();
		double images = 0;
		double seconds = 0;
		long previous = 0;
		try (java.io.BufferedReader lines = new java.io.BufferedReader(
				new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				JsonNode message = JSON.readTree(line);
				JsonNode ips = message.path("values").path("images_per_second");
				if (message.path("type").asString("").equals("metric") && ips.isNumber()) {
					long step = message.get("step").asLong();
					if (previous >= row.warmup()) {
						double windowImages = (step - previous) * (double) row.batch();
						images += windowImages;
						seconds += windowImages / ips.asDouble();
					}
					previous = step;
				}
			}
		}
		process.getOutputStream().close();
		process.waitFor();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("images_per_second", seconds > 0 ? images / seconds : null);
		out.put("seconds_per_step", seconds > 0 ? seconds / (images / row.batch()) : null);
		return out;
	}

	/**
	 * Images per second of the service's job after warm-up, from the worker's
	 * {@code images_per_second} metric: total images over total time of the windows after
	 * the warm-up steps.
	 */
	private static Map<String, Object> serviceThroughput(ServiceTestSupport.Api api, String job, TrainingRow row) {
		JsonNode series = api.json(api.get("/api/v1/jobs/" + job + "/metrics?every=1")).get("series");
		double images = 0;
		double seconds = 0;
		long previous = 0;
		for (JsonNode one : series) {
			if (!one.get("name").asString().equals("images_per_second")) {
				continue;
			}
			for (int i = 0; i < one.get("steps").size(); i++) {
				long step = one.get("steps").get(i).asLong();
				double ips = one.get("values").get(i).asDouble();
				if (previous >= row.warmup()) {
					double windowImages = (step - previous) * (double) row.batch();
					images += windowImages;
					seconds += windowImages / ips;
				}
				previous = step;
			}
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("images_per_second", seconds > 0 ? images / seconds : null);
		out.put("seconds_per_step", seconds > 0 ? seconds / (images / row.batch()) : null);
		return out;
	}

	private static Path find(Path dir, String name) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter((p) -> p.getFileName().toString().equals(name))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no " + name + " under " + dir));
		}
	}

	// ---- generation

	/**
	 * A model served under load: the request path under {@code /api/v1/models/{id}/}, the
	 * operation {@code BenchTasks limit} runs offline, and a JSON body per image count.
	 */
	record Served(String name, String job, String path, String limitOperation, String description,
			java.util.function.IntFunction<byte[]> body) {
	}

	/**
	 * The models the load rows serve: the dense AE's decoder (trained above), and two
	 * generators trained here for a few steps through the service (throughput does not
	 * depend on how far a model trained): a conditional DCGAN on the built-in
	 * {@code shapes} (28×28, 6 classes, Radford et al. sizes: z 100, 64 filters) and an
	 * MLP GAN (Goodfellow et al. sizes: 100-1200-1200-784) on the uploaded set, both
	 * through {@code /generate}, which also records each generation.
	 */
	private List<Served> servedModels(ServiceTestSupport.Api api, String dataset, String decodeModel) throws Exception {
		List<Served> out = new ArrayList<>();
		if (decodeModel != null) {
			out.add(new Served("dense AE decoder", decodeModel, "decode", "decode",
					"the dense AE above, operation `decode` (64-value codes → 28×28 images)", (n) -> codes(n, 64)));
		}
		String conditional = trainServed(api, "shapes",
				Map.of("type", "gan", "architecture", "dcgan", "conditional", true), "conditional DCGAN");
		if (conditional != null) {
			out.add(new Served("conditional DCGAN", conditional, "generate", "generate",
					"a conditional DCGAN on `shapes` (z 100, 64 filters, 6 labels; G: 106 → 128×7×7 → 64×14×14 → "
							+ "1×28×28), `/generate` with `{\"count\": n, \"seed\": s, \"condition\": {\"label\": \"circle\"}}`",
					(n) -> generateBody(n, "{\"label\": \"circle\"}")));
		}
		String mlp = trainServed(api, dataset, Map.of("type", "gan", "architecture", "mlp"), "MLP GAN");
		if (mlp != null) {
			out.add(new Served("MLP GAN generator", mlp, "generate", "generate",
					"an MLP GAN (G: 100-1200-1200-784, ReLU, tanh), `/generate` with `{\"count\": n, \"seed\": s}`",
					(n) -> generateBody(n, null)));
		}
		return out;
	}

	private static byte[] generateBody(int count, String condition) {
		return ("{\"count\": " + count + ", \"seed\": " + (1000 + count)
				+ (condition != null ? ", \"condition\": " + condition : "") + "}")
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Trains a served model briefly through the service; its job id, or null with a note.
	 */
	private String trainServed(ServiceTestSupport.Api api, String dataset, Map<String, Object> model, String name) {
		int steps = this.quick ? 10 : 100;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "bench-served-" + name.replace(' ', '-'));
		body.put("dataset", dataset);
		body.put("model", model);
		body.put("training", Map.of("maxSteps", steps, "batchSize", 64, "checkpointEvery", steps, "seed", 11));
		body.put("device", "auto");
		HttpResponse<String> created = api.post("/api/v1/jobs", body);
		if (created.statusCode() != 201) {
			this.notes.add(name + " for the load rows was refused (" + created.statusCode() + "): " + created.body());
			return null;
		}
		String job = api.json(created).get("id").asString();
		log("training served " + name + " (" + steps + " steps)");
		JsonNode done = api.awaitStatus(job, Duration.ofMinutes(30), "SUCCEEDED", "FAILED", "CANCELLED");
		if (!done.get("status").asString().equals("SUCCEEDED")) {
			this.notes.add(name + " for the load rows " + done.get("status").asString() + ": "
					+ done.path("failureReason").asString(""));
			return null;
		}
		return job;
	}

	private Map<String, Object> limit(Path dataDir, Served model) throws Exception {
		Path checkpoint = find(dataDir.resolve("jobs").resolve(model.job()), "manifest.json").getParent();
		// the service's inference thread runs libtorch on one intra-op thread, but
		// requests that bypass the merger (batching off) run on several request
		// threads at once: the limit is the better of one and all threads, so neither
		// path can beat it
		List<String> args = List.of("limit", checkpoint.toString(), model.limitOperation(), "32",
				this.quick ? "5" : "20");
		Map<String, Object> one = javaTask(args, 1);
		Map<String, Object> all = this.threads > 1 ? javaTask(args, this.threads) : one;
		boolean allBetter = Report.number(all.get("images_per_second")) > Report.number(one.get("images_per_second"));
		Map<String, Object> out = new LinkedHashMap<>(allBetter ? all : one);
		out.put("threads", allBetter ? this.threads : 1);
		out.put("images_per_second_1_thread", one.get("images_per_second"));
		out.put("images_per_second_" + this.threads + "_threads", all.get("images_per_second"));
		out.put("budget", (this.quick ? 5 : 20) + " s of batch-32 calls after 20 warm-up, with 1 and with "
				+ this.threads + " intra-op threads; the better");
		out.put("served", model.name());
		out.put("description", model.description());
		return out;
	}

	/**
	 * The ceiling the control plane sets: an authenticated GET of the model (key check,
	 * one lookup), no inference, no audit record.
	 */
	private List<Map<String, Object>> controlPlane(BenchService service, String job) throws Exception {
		List<Map<String, Object>> rows = new ArrayList<>();
		{
			URI model = URI.create("http://127.0.0.1:" + service.port + "/api/v1/models/" + job);
			for (int clients : new int[] { 1, 32 }) {
				int requests = this.quick ? 400 : 3000;
				LoadGenerator.Result result = LoadGenerator.run(model, BenchService.KEY, null, null, "application/json",
						clients, requests, 3, 1);
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("operation", "GET /models/{id} (no inference)");
				row.put("images_per_request", 0);
				row.put("clients", clients);
				row.put("requests", requests);
				row.put("p50_ms", result.p50Millis());
				row.put("p95_ms", result.p95Millis());
				row.put("p99_ms", result.p99Millis());
				row.put("requests_per_second", result.imagesPerSecond());
				row.put("errors", result.errors());
				rows.add(row);
				log("  " + row);
			}
		}
		return rows;
	}

	private List<Map<String, Object>> load(BenchService service, Served model, boolean batching) throws Exception {
		List<Map<String, Object>> rows = new ArrayList<>();
		URI uri = URI.create("http://127.0.0.1:" + service.port + "/api/v1/models/" + model.job() + "/" + model.path());
		for (int images : new int[] { 1, 64 }) {
			byte[] body = model.body().apply(images);
			for (int clients : new int[] { 1, 8, 32 }) {
				int requests = images == 1 ? (this.quick ? 400 : 3000) : (this.quick ? 60 : 400);
				requests = Math.max(requests, clients * 4);
				// the one row a profile explains: single images from 32 clients, batched
				// (with
				// enough requests for a few hundred samples)
				boolean profiled = batching && images == 1 && clients == 32;
				if (profiled) {
					requests = Math.max(requests, 2000);
				}
				double[] before = serverLatency(service);
				Path recording = this.work.resolve("profile-" + model.path() + "-" + System.nanoTime() + ".jfr");
				if (profiled) {
					service.startRecording(recording);
				}
				double serviceCpu = service.cpuSeconds();
				double clientCpu = BenchService.Proc.cpuSeconds(ProcessHandle.current().pid());
				LoadGenerator.Result result = LoadGenerator.run(uri, BenchService.KEY, body, "application/json",
						"application/x-npy", clients, requests, 3, images);
				serviceCpu = service.cpuSeconds() - serviceCpu;
				clientCpu = BenchService.Proc.cpuSeconds(ProcessHandle.current().pid()) - clientCpu;
				double[] after = serverLatency(service);
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("served", model.name());
				row.put("operation", model.path());
				row.put("images_per_request", images);
				row.put("clients", clients);
				row.put("batching", batching);
				row.put("requests", requests);
				row.put("p50_ms", result.p50Millis());
				row.put("p95_ms", result.p95Millis());
				row.put("p99_ms", result.p99Millis());
				row.put("images_per_second", result.imagesPerSecond());
				// the inference executor's own time per request (queue + dispatch), from
				// its timer
				double served = after[0] - before[0];
				row.put("server_inference_mean_ms", served > 0 ? (after[1] - before[1]) * 1000 / served : null);
				// CPU per request, warm-up requests included (3 per client)
				int sent = requests + 3 * clients;
				row.put("service_cpu_ms_per_request", serviceCpu * 1000 / sent);
				row.put("client_cpu_ms_per_request", clientCpu * 1000 / sent);
				if (profiled) {
					service.stopRecording();
					row.put("profile", JfrProfile.of(recording));
				}
				row.put("errors", result.errors());
				if (result.firstError() != null) {
					row.put("first_error", result.firstError());
				}
				rows.add(row);
				log("  " + row);
			}
		}
		return rows;
	}

	/** The inference timer's count and total seconds, from the Prometheus endpoint. */
	private static double[] serverLatency(BenchService service) {
		String text = service.api().get("/actuator/prometheus").body();
		double count = 0;
		double sum = 0;
		for (String line : text.lines().toList()) {
			if (line.startsWith("latentforge_generation_latency_seconds_count")) {
				count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
			else if (line.startsWith("latentforge_generation_latency_seconds_sum")) {
				sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return new double[] { count, sum };
	}

	private static byte[] codes(int count, int width) {
		Random random = new Random(count);
		StringBuilder json = new StringBuilder("{\"codes\": [");
		for (int i = 0; i < count; i++) {
			json.append(i == 0 ? "[" : ", [");
			for (int j = 0; j < width; j++) {
				json.append(j == 0 ? "" : ", ").append(String.format("%.4f", random.nextGaussian()));
			}
			json.append("]");
		}
		return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
	}

	// ---- memory

	private void memory(BenchService service, Served model, Map<String, Object> memory) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + service.port + "/api/v1/models/" + model.job() + "/" + model.path());
		byte[] body = model.body().apply(1);
		memory.put("rss_before_calls_kb", service.rssKilobytes());
		LoadGenerator.run(uri, BenchService.KEY, body, "application/json", "application/x-npy", 8, 2000, 0, 1);
		long after2000 = service.rssKilobytes();
		LoadGenerator.run(uri, BenchService.KEY, body, "application/json", "application/x-npy", 8, 8000, 0, 1);
		long after10000 = service.rssKilobytes();
		memory.put("rss_after_2000_calls_kb", after2000);
		memory.put("rss_after_10000_calls_kb", after10000);
		memory.put("rss_growth_2000_to_10000", (after10000 - after2000) / (double) after2000);
		memory.put("calls", "single-image " + model.path() + " of the " + model.name()
				+ ", 8 clients, in addition to the load rows before them");
	}

	// ---- child processes

	private Map<String, Object> javaTask(List<String> args, int taskThreads) throws Exception {
		return javaTask(BenchTasks.class.getName(), args, taskThreads);
	}

	private Map<String, Object> javaTask(String mainClass, List<String> args, int taskThreads) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx2g");
		command.add("-XX:+UseSerialGC");
		command.add("-Dai.djl.offline=true");
		command.add("-Dai.djl.pytorch.num_threads=" + taskThreads);
		command.add("-Dai.djl.pytorch.num_interop_threads=1");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(args);
		Map<String, String> environment = new LinkedHashMap<>(ENVIRONMENT);
		environment.put("OMP_NUM_THREADS", Integer.toString(taskThreads));
		return child(command, environment);
	}

	private Map<String, Object> pythonTask(String task, int warmup, int steps, List<String> more) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(this.python, "bench/torch_bench.py", task, "--threads", Integer.toString(this.threads),
						"--warmup", Integer.toString(warmup), "--steps", Integer.toString(steps)));
		command.addAll(more);
		try {
			return child(command, ENVIRONMENT);
		}
		catch (IllegalStateException ex) {
			this.notes.add("PyTorch " + task + " did not run: " + ex.getMessage());
			return null;
		}
	}

	private Map<String, Object> child(List<String> command, Map<String, String> environment) throws Exception {
		Path log = Files.createTempFile(this.work, "child", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int exit = process.waitFor();
		String last = output.lines().filter((l) -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
		if (exit != 0 || last == null) {
			List<String> lines = Files.readAllLines(log);
			throw new IllegalStateException(
					String.join(" ", command.subList(0, Math.min(4, command.size()))) + " exited " + exit + ": "
							+ String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> parsed = JSON.readValue(last, LinkedHashMap.class);
		return parsed;
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> out = new ArrayList<>(a);
		out.addAll(b);
		return out;
	}

}
