/**
 * Operating the service: the {@code djl} health indicator (part of the readiness group,
 * never of liveness), the {@code engine} section of {@code /actuator/info}, and the job
 * gauges on {@code /actuator/prometheus}, which read a snapshot refreshed on a schedule
 * rather than querying the database on every scrape.
 */
package dev.latentforge.ops;
