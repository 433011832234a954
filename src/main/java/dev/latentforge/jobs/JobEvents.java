package dev.latentforge.jobs;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A job's persisted event log, which any node serves as Server-Sent Events. Sequence
 * numbers come from an atomic increment of the job row's counter in the writing
 * transaction, so a number is visible only after every smaller one is committed: a client
 * resuming from {@code Last-Event-ID} misses nothing.
 */
@Component
public class JobEvents {

	private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

	private final JdbcClient jdbc;

	private final EntityManager entityManager;

	private final JsonMapper json;

	private final Clock clock;

	public JobEvents(JdbcClient jdbc, EntityManager entityManager, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.entityManager = entityManager;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * One stored event.
	 *
	 * @param seq its number within the job, from 1
	 * @param type its type: status, progress, metric, checkpoint, sample, done, failed
	 * @param payload its JSON body
	 * @param createdAt when it was stored
	 */
	public record Event(long seq, String type, String payload, Instant createdAt) {
	}

	/**
	 * An event to append.
	 *
	 * @param type its type
	 * @param payload its body (a JSON string or an object to serialise)
	 */
	public record NewEvent(String type, Object payload) {
	}

	/**
	 * Appends an event in the caller's transaction (or a new one) and returns its
	 * sequence number.
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public long append(String jobId, String type, Object payload) {
		return appendAll(jobId, List.of(new NewEvent(type, payload)));
	}

	/**
	 * Appends events in order, in the caller's transaction (or a new one).
	 * @param jobId the job
	 * @param batch the events
	 * @return the sequence number of the last one, or -1 if the job does not exist
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public long appendAll(String jobId, List<NewEvent> batch) {
		if (batch.isEmpty()) {
			return -1;
		}
		this.entityManager.flush();
		int updated = this.jdbc.sql("update training_jobs set event_seq = event_seq + :n where id = :id")
			.param("n", batch.size())
			.param("id", jobId)
			.update();
		if (updated == 0) {
			return -1;
		}
		long last = this.jdbc.sql("select event_seq from training_jobs where id = :id")
			.param("id", jobId)
			.query(Long.class)
			.single();
		long seq = last - batch.size();
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		for (NewEvent event : batch) {
			seq++;
			this.jdbc.sql(
					"insert into job_events (job_id, seq, type, payload, created_at) values (:id, :seq, :type, :payload, :at)")
				.param("id", jobId)
				.param("seq", seq)
				.param("type", event.type())
				.param("payload",
						event.payload() instanceof String text ? text : this.json.writeValueAsString(event.payload()))
				.param("at", now)
				.update();
		}
		return last;
	}

	/**
	 * Stores a status change as an event and logs it, in the transaction that saves the
	 * job.
	 */
	@EventListener
	public void on(JobTransitioned transition) {
		log.info("Job {} {} -> {} (attempt {}): {}", transition.jobId(), transition.from(), transition.to(),
				transition.attempt(), transition.reason());
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("from", transition.from());
		payload.put("to", transition.to());
		payload.put("attempt", transition.attempt());
		payload.put("reason", transition.reason());
		payload.put("node", transition.node());
		payload.put("at", transition.at().toString());
		append(transition.jobId(), "status", payload);
	}

	/** Events after a sequence number, oldest first. */
	@Transactional(readOnly = true)
	public List<Event> after(String jobId, long afterSeq, int limit) {
		return this.jdbc
			.sql("select seq, type, payload, created_at from job_events where job_id = :id and seq > :after "
					+ "order by seq limit :limit")
			.param("id", jobId)
			.param("after", afterSeq)
			.param("limit", limit)
			.query((rs, row) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.list();
	}

}
