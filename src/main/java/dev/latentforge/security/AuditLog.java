package dev.latentforge.security;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit log of state-changing calls: who (owner and key), which request, what (method
 * and path pattern), on what (the resource id) and with which outcome (the HTTP status).
 * Each entry is written to the log ({@code latentforge.audit}) and to the database.
 */
@Component
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger("latentforge.audit");

	private final JdbcClient jdbc;

	private final Clock clock;

	public AuditLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * One audit entry.
	 *
	 * @param id its number
	 * @param at when
	 * @param owner the caller's owner, {@code null} if the call was not authenticated
	 * @param keyId the API key used, if any
	 * @param requestId the request's id (its traceId)
	 * @param method the HTTP method
	 * @param action the path pattern, e.g. {@code /api/v1/jobs/{id}/cancel}
	 * @param target the resource id, if any
	 * @param status the response status
	 */
	public record Entry(long id, Instant at, String owner, String keyId, String requestId, String method, String action,
			String target, int status) {
	}

	public void record(Caller caller, String requestId, String method, String action, String target, int status) {
		String owner = caller == null ? null : caller.owner();
		String keyId = caller == null ? null : caller.keyId();
		log.info("owner={} key={} request={} {} {} target={} status={}", owner, keyId, requestId, method, action,
				target, status);
		this.jdbc
			.sql("insert into audit_events (at, owner, key_id, request_id, method, action, target, status) "
					+ "values (:at, :owner, :key, :request, :method, :action, :target, :status)")
			.param("at", OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
			.param("owner", owner)
			.param("key", keyId)
			.param("request", requestId)
			.param("method", method)
			.param("action", truncate(action, 300))
			.param("target", truncate(target, 200))
			.param("status", status)
			.update();
	}

	/** Entries newest first, optionally of one owner. */
	public List<Entry> list(String owner, int page, int size) {
		String where = owner == null ? "" : " where owner = :owner";
		var spec = this.jdbc
			.sql("select id, at, owner, key_id, request_id, method, action, target, status " + "from audit_events"
					+ where + " order by id desc limit :limit offset :offset")
			.param("limit", size)
			.param("offset", (long) page * size);
		if (owner != null) {
			spec = spec.param("owner", owner);
		}
		return spec
			.query((rs, row) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
					rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
					rs.getString(8), rs.getInt(9)))
			.list();
	}

	public long count(String owner) {
		if (owner == null) {
			return this.jdbc.sql("select count(*) from audit_events").query(Long.class).single();
		}
		return this.jdbc.sql("select count(*) from audit_events where owner = :owner")
			.param("owner", owner)
			.query(Long.class)
			.single();
	}

	private static String truncate(String text, int length) {
		return text == null || text.length() <= length ? text : text.substring(0, length);
	}

}
