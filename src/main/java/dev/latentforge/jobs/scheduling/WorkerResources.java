package dev.latentforge.jobs.scheduling;

import dev.latentforge.generation.GenerationProperties;
import dev.latentforge.jobs.JobsProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Divides the machine's cores: worker slots × threads per worker plus the service's own
 * inference threads should not exceed the cores, so training never starves inference or
 * heartbeats.
 */
@Component
public class WorkerResources {

	private final int workerThreads;

	@Autowired
	public WorkerResources(JobsProperties jobs, GenerationProperties generation) {
		this(jobs, generation, Runtime.getRuntime().availableProcessors());
	}

	WorkerResources(JobsProperties jobs, GenerationProperties generation, int cores) {
		if (jobs.workerThreads() > 0) {
			this.workerThreads = jobs.workerThreads();
		}
		else {
			int slots = Math.max(1, jobs.workerSlots());
			this.workerThreads = Math.max(1, (cores - generation.threads()) / slots);
		}
	}

	public int workerThreads() {
		return this.workerThreads;
	}

}
