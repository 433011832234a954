package dev.latentforge.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latentforge.LatentforgeApplication;
import dev.latentforge.testing.ServiceTestSupport;

/**
 * The service as the benchmark runs it: a child JVM with {@code -Xms} = {@code -Xmx} and
 * {@code MALLOC_ARENA_MAX=2}, from this JVM's class path, on loopback; the time from
 * launch to readiness is measured by polling readiness every 20 ms.
 */
final class BenchService implements AutoCloseable {

	static final String KEY = ServiceTestSupport.ADMIN_KEY;

	private final Process process;

	final int port;

	final Path log;

	final double readySeconds;

	private BenchService(Process process, int port, Path log, double readySeconds) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.readySeconds = readySeconds;
	}

	static BenchService start(String name, Path dataDir, String heap, Map<String, String> environment,
			Map<String, String> properties) throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xms" + heap);
		command.add("-Xmx" + heap);
		// the whole heap is touched at start, so RSS growth afterwards is native memory,
		// not the heap filling in
		command.add("-XX:+AlwaysPreTouch");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(LatentforgeApplication.class.getName());
		command.add("--server.port=" + port);
		command.add("--server.address=127.0.0.1");
		command.add("--latentforge.data-dir=" + dataDir);
		command.add("--latentforge.security.bootstrap-key=" + KEY);
		command.add("--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db/latentforge")
				+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
		command.add("--logging.level.dev.latentforge.security.AuditFilter=WARN");
		command.add("--logging.level.latentforge.audit=WARN");
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		Files.createDirectories(dataDir);
		Path log = dataDir.resolve("service-" + name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("MALLOC_ARENA_MAX", "2");
		builder.environment().putAll(environment);
		long launched = System.nanoTime();
		Process process = builder.start();
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest ready = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = launched + Duration.ofSeconds(300).toNanos();
		while (true) {
			if (!process.isAlive()) {
				throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
			}
			try {
				if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					break;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (System.nanoTime() > deadline) {
				process.destroyForcibly();
				throw new IllegalStateException("the service did not become ready in 300 s; see " + log);
			}
			Thread.sleep(20);
		}
		return new BenchService(process, port, log, (System.nanoTime() - launched) / 1e9);
	}

	ServiceTestSupport.Api api() {
		return new ServiceTestSupport.Api(this.port);
	}

	long pid() {
		return this.process.pid();
	}

	/** The service's resident set size now, in kB. */
	long rssKilobytes() {
		return Proc.status(this.process.pid(), "VmRSS:");
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
	}

	/**
	 * The CPU time the service process has used, user and system, in seconds (all its
	 * threads: HTTP, database, inference and libtorch's).
	 */
	double cpuSeconds() {
		return Proc.cpuSeconds(this.process.pid());
	}

	/**
	 * Waits (at most a minute) until the service has no child process: a finished job's
	 * worker may still be exiting when its status says SUCCEEDED, and would take a core
	 * from whatever is measured next.
	 */
	void awaitNoWorkers() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (this.process.children().findAny().isPresent() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	/** Starts a Java Flight Recorder recording in the service (jcmd). */
	void startRecording(Path file) throws IOException, InterruptedException {
		jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + file);
	}

	/** Stops the recording started by {@link #startRecording}, writing its file. */
	void stopRecording() throws IOException, InterruptedException {
		jcmd("JFR.stop", "name=bench");
	}

	private void jcmd(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
		command.add(Long.toString(this.process.pid()));
		command.addAll(List.of(arguments));
		Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		if (jcmd.waitFor() != 0) {
			throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " failed: " + output);
		}
	}

	/** Reads /proc. */
	static final class Proc {

		/** Clock ticks per second of /proc/[pid]/stat (USER_HZ, 100 on Linux). */
		static final double TICKS = 100;

		static double cpuSeconds(long pid) {
			try {
				String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
				// fields after the command name (which may hold spaces) in parentheses
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// utime and stime are fields 14 and 15 of the whole line: 12 and 13 here
				return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
			}
			catch (IOException | RuntimeException ex) {
				return Double.NaN;
			}
		}

		private Proc() {
		}

		static long status(long pid, String field) {
			try {
				for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
					if (line.startsWith(field)) {
						return Long.parseLong(line.replaceAll("[^0-9]", ""));
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// gone, or not Linux
			}
			return -1;
		}

	}

}
