package dev.latentforge.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A job's metric points (name, step, value). A new attempt first drops the points past
 * the step it resumes from, since it will report those steps again.
 */
@Component
public class MetricStore {

	private final JdbcClient jdbc;

	public MetricStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records metric points. A point that already exists (a step reported twice) is
	 * replaced.
	 * @param jobId the job
	 * @param step the step
	 * @param values the values by name; non-finite values are skipped
	 */
	@Transactional
	public void record(String jobId, long step, Map<String, Double> values) {
		values.forEach((name, value) -> {
			if (value != null && Double.isFinite(value)) {
				int updated = this.jdbc.sql(
						"update metric_points set metric_value = :value where job_id = :id and name = :name and step = :step")
					.param("id", jobId)
					.param("name", name)
					.param("step", step)
					.param("value", value)
					.update();
				if (updated == 0) {
					this.jdbc.sql(
							"insert into metric_points (job_id, name, step, metric_value) values (:id, :name, :step, :value)")
						.param("id", jobId)
						.param("name", name)
						.param("step", step)
						.param("value", value)
						.update();
				}
			}
		});
	}

	@Transactional
	public void truncateAfter(String jobId, long step) {
		this.jdbc.sql("delete from metric_points where job_id = :id and step > :step")
			.param("id", jobId)
			.param("step", step)
			.update();
	}

	/**
	 * One metric's points.
	 *
	 * @param name the metric
	 * @param steps the steps, ascending
	 * @param values the values at those steps
	 */
	public record Series(String name, List<Long> steps, List<Double> values) {
	}

	/**
	 * The points of a job from a step on, keeping every {@code every}-th step of each
	 * series.
	 * @param jobId the job
	 * @param fromStep the first step
	 * @param every keep steps divisible by this (1 keeps all)
	 * @return the series by name
	 */
	@Transactional(readOnly = true)
	public List<Series> series(String jobId, long fromStep, long every) {
		Map<String, Series> out = new LinkedHashMap<>();
		this.jdbc
			.sql("select name, step, metric_value from metric_points where job_id = :id and step >= :from "
					+ "and mod(step, :every) = 0 order by name, step")
			.param("id", jobId)
			.param("from", fromStep)
			.param("every", every)
			.query((rs) -> {
				Series series = out.computeIfAbsent(rs.getString(1),
						(name) -> new Series(name, new ArrayList<>(), new ArrayList<>()));
				series.steps().add(rs.getLong(2));
				series.values().add(rs.getDouble(3));
			});
		return List.copyOf(out.values());
	}

}
