package dev.latentforge.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this node reports on itself.
 *
 * @param metricsRefresh how often the job gauges re-read the job counts from the
 * database; a Prometheus scrape reads the last counts and never queries
 */
@ConfigurationProperties("latentforge.ops")
public record OpsProperties(@DefaultValue("5s") Duration metricsRefresh) {

	public OpsProperties {
		if (metricsRefresh.isNegative() || metricsRefresh.isZero()) {
			throw new IllegalArgumentException("latentforge.ops.metrics-refresh must be positive");
		}
	}

}
