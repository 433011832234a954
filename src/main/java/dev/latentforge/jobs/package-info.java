/**
 * Training jobs: submission, the lifecycle (guarded transitions with a recorded history),
 * events and metrics, and the REST API. Scheduling and the worker processes live in the
 * sub-packages {@code scheduling} and {@code worker}.
 */
package dev.latentforge.jobs;
