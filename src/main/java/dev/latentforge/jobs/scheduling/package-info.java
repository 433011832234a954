/**
 * Running jobs: db-scheduler (one execution per job; its threads are this node's worker
 * slots; heartbeats detect dead nodes, whose jobs are revived from their last
 * checkpoint), the launch of a worker process per attempt, and the attempt's supervision:
 * protocol, watchdog, cancel, shutdown, retries.
 */
package dev.latentforge.jobs.scheduling;
