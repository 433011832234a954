package dev.latentforge.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.latentforge.web.WebProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves a job's persisted events as Server-Sent Events: each event carries its sequence
 * number as {@code id}, so a client that reconnects with {@code Last-Event-ID} continues
 * where it stopped. Any node can serve any job: events are read from the database every
 * 500 ms. A comment is sent every 15 s as a heartbeat; the stream ends after the job has
 * finished and its last event is sent.
 */
@Component
public class JobEventStreams {

	static final Duration TIMEOUT = Duration.ofHours(1);

	private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

	private final JobEvents events;

	private final TrainingJobRepository jobs;

	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "job-event-streams");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<SseEmitter, Stream> streams = new ConcurrentHashMap<>();

	private final Duration heartbeat;

	public JobEventStreams(JobEvents events, TrainingJobRepository jobs, WebProperties web) {
		this.events = events;
		this.jobs = jobs;
		this.heartbeat = web.sseHeartbeat();
		this.poller.scheduleWithFixedDelay(this::pollAll, 500, 500, TimeUnit.MILLISECONDS);
	}

	private static final class Stream {

		final String jobId;

		volatile long lastSeq;

		volatile long lastSentNanos = System.nanoTime();

		Stream(String jobId, long lastSeq) {
			this.jobId = jobId;
			this.lastSeq = lastSeq;
		}

	}

	public SseEmitter open(String jobId, long afterSeq) {
		SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
		Stream stream = new Stream(jobId, afterSeq);
		this.streams.put(emitter, stream);
		emitter.onCompletion(() -> this.streams.remove(emitter));
		emitter.onTimeout(() -> {
			this.streams.remove(emitter);
			emitter.complete();
		});
		emitter.onError((ex) -> this.streams.remove(emitter));
		this.poller.execute(() -> poll(emitter, stream));
		return emitter;
	}

	private void pollAll() {
		this.streams.forEach(this::poll);
	}

	private synchronized void poll(SseEmitter emitter, Stream stream) {
		if (!this.streams.containsKey(emitter)) {
			return;
		}
		try {
			boolean finished = this.jobs.findById(stream.jobId).map((job) -> job.getStatus().isFinished()).orElse(true);
			List<JobEvents.Event> batch;
			do {
				batch = this.events.after(stream.jobId, stream.lastSeq, 200);
				for (JobEvents.Event event : batch) {
					emitter.send(SseEmitter.event()
						.id(Long.toString(event.seq()))
						.name(event.type())
						.data(event.payload(), MediaType.APPLICATION_JSON));
					stream.lastSeq = event.seq();
					stream.lastSentNanos = System.nanoTime();
				}
			}
			while (batch.size() == 200);
			if (finished) {
				this.streams.remove(emitter);
				emitter.complete();
				return;
			}
			if (System.nanoTime() - stream.lastSentNanos > this.heartbeat.toNanos()) {
				emitter.send(SseEmitter.event().comment("heartbeat"));
				stream.lastSentNanos = System.nanoTime();
			}
		}
		catch (IOException | IllegalStateException ex) {
			this.streams.remove(emitter);
			emitter.completeWithError(ex);
		}
		catch (RuntimeException ex) {
			log.warn("Event stream of job {} failed: {}", stream.jobId, ex.toString());
			this.streams.remove(emitter);
			emitter.completeWithError(ex);
		}
	}

	/**
	 * Ends every stream when the service starts to shut down: an open stream would
	 * otherwise hold the web server's graceful shutdown for its whole timeout, and the
	 * running jobs' checkpoint-and-requeue would come after it. Clients reconnect to
	 * another node with {@code Last-Event-ID}.
	 */
	@EventListener(ContextClosedEvent.class)
	@PreDestroy
	void stop() {
		this.poller.shutdownNow();
		this.streams.keySet().forEach(SseEmitter::complete);
	}

}
