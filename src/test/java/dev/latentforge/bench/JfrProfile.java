package dev.latentforge.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the service's Java CPU goes under load: the Java Flight Recorder's execution
 * samples (threads running Java code, about every 10 to 20 ms per thread under the
 * {@code profile} settings) of a recording, each attributed to the first frame, from the
 * top of its stack down, whose class belongs to a known part of the request path; JDK
 * frames count for the part that called them. Native compute (libtorch's kernels run in
 * JNI and in libtorch's own threads) is not sampled by these events: the inference
 * executor's time is reported by its own timer instead.
 */
final class JfrProfile {

	/** The parts, in the order they are tried for each frame: class name prefixes. */
	static final Map<String, List<String>> PARTS = parts();

	private JfrProfile() {
	}

	private static Map<String, List<String>> parts() {
		Map<String, List<String>> parts = new LinkedHashMap<>();
		parts.put("inference (DJL calls, batching, padding)",
				List.of("ai.djl.", "dev.latentforge.generation.InferenceExecutor",
						"dev.latentforge.generation.PaddedBatches", "dev.latentforge.models."));
		parts.put("database (H2, JDBC, Hibernate, Spring Data)",
				List.of("org.h2.", "org.hibernate.", "com.zaxxer.hikari.", "org.springframework.jdbc.",
						"org.springframework.orm.", "org.springframework.data.", "org.springframework.transaction.",
						"jakarta.persistence.", "org.flywaydb."));
		parts.put("JSON (Jackson)", List.of("tools.jackson.", "com.fasterxml.jackson."));
		parts.put("response encoding (npy, PNG)", List.of("dev.latentforge.images.", "dev.latentforge.tensors."));
		parts.put("security (key check, quotas, audit filter)",
				List.of("org.springframework.security.", "dev.latentforge.security."));
		parts.put("metrics and logging", List.of("io.micrometer.", "ch.qos.logback.", "org.slf4j."));
		parts.put("Spring MVC and validation", List.of("org.springframework.web.", "org.springframework.validation.",
				"org.hibernate.validator.", "org.springdoc."));
		parts.put("HTTP server (Tomcat)", List.of("org.apache.tomcat.", "org.apache.coyote.", "org.apache.catalina."));
		parts.put("our request handling (generation, models, receipts)", List.of("dev.latentforge."));
		return parts;
	}

	/**
	 * The share of execution samples per part, and their count.
	 * @param recording the JFR file
	 * @return part → share (0..1), plus {@code "samples"} → the count
	 */
	static Map<String, Object> of(Path recording) throws IOException {
		Map<String, Long> counts = new LinkedHashMap<>();
		PARTS.keySet().forEach((part) -> counts.put(part, 0L));
		counts.put("JDK and other (garbage collection is not sampled here)", 0L);
		long total = 0;
		try (RecordingFile file = new RecordingFile(recording)) {
			while (file.hasMoreEvents()) {
				RecordedEvent event = file.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
					continue;
				}
				total++;
				counts.merge(part(event.getStackTrace().getFrames()), 1L, Long::sum);
			}
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("samples", total);
		for (Map.Entry<String, Long> entry : counts.entrySet()) {
			out.put(entry.getKey(), total > 0 ? entry.getValue() / (double) total : 0.0);
		}
		return out;
	}

	private static String part(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			if (frame.getMethod() == null || frame.getMethod().getType() == null) {
				continue;
			}
			String type = frame.getMethod().getType().getName();
			for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
				for (String prefix : part.getValue()) {
					if (type.startsWith(prefix)) {
						return part.getKey();
					}
				}
			}
		}
		return "JDK and other (garbage collection is not sampled here)";
	}

}
