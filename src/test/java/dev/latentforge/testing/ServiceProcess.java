package dev.latentforge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.LatentforgeApplication;

import static org.awaitility.Awaitility.await;

/**
 * The service as a separate process, to crash and restart it, or to run a second node. It
 * runs from the packaged jar when the system property {@code latentforge.test.jar} names
 * one (as the integration tests after {@code package} do), otherwise from this JVM's
 * class path.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private ServiceProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a service and waits until it is ready.
	 * @param name a name for its log file
	 * @param dataDir its data directory
	 * @param properties more properties ({@code key=value} as command-line arguments)
	 * @return the running service
	 */
	public static ServiceProcess start(String name, Path dataDir, Map<String, String> properties) {
		int port = freePort();
		Map<String, String> all = new LinkedHashMap<>();
		all.put("server.port", Integer.toString(port));
		all.put("latentforge.data-dir", dataDir.toString());
		all.put("latentforge.security.bootstrap-key", ServiceTestSupport.ADMIN_KEY);
		all.put("spring.datasource.url",
				"jdbc:h2:file:" + dataDir.resolve("db/latentforge") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
		all.put("latentforge.jobs.heartbeat-interval", "1s");
		all.put("latentforge.jobs.missed-heartbeats", "4");
		all.put("latentforge.jobs.polling-interval", "200ms");
		all.put("latentforge.jobs.retry-delay", "500ms");
		all.put("latentforge.jobs.worker-threads", "1");
		all.put("latentforge.jobs.worker-heap", "1GB");
		all.put("latentforge.datasets.fashion-mnist-dir", dataDir.resolve("no-fashion-mnist").toString());
		all.putAll(properties);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx768m");
		String jar = System.getProperty("latentforge.test.jar");
		if (jar != null && !jar.isBlank()) {
			command.add("-jar");
			command.add(jar);
		}
		else {
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(LatentforgeApplication.class.getName());
		}
		all.forEach((key, value) -> command.add("--" + key + "=" + value));
		try {
			Files.createDirectories(dataDir);
			Path log = dataDir.resolve("service-" + name + "-" + port + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ServiceProcess service = new ServiceProcess(process, port, log);
			service.awaitReady();
			return service;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady() {
		ServiceTestSupport.Api api = api().withKey(null);
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("service exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				return api.get("/actuator/health/readiness").statusCode() == 200;
			}
			catch (RuntimeException ex) {
				return false;
			}
		});
	}

	/** The service's combined stdout and stderr. */
	public Path log() {
		return this.log;
	}

	public ServiceTestSupport.Api api() {
		return new ServiceTestSupport.Api(this.port);
	}

	public long pid() {
		return this.process.pid();
	}

	/** Kills the service at once, as {@code kill -9} does. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/** Stops the service gracefully (SIGTERM) and waits for it to exit. */
	public int stop(Duration timeout) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor();
		}
		return this.process.exitValue();
	}

	public String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			stop(Duration.ofSeconds(90));
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
