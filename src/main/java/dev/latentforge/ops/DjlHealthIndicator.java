package dev.latentforge.ops;

import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code djl} health component: UP with the engine's versions, devices and threads,
 * DOWN with the reason if the engine cannot load. It belongs in the readiness group only:
 * a node whose engine is broken should stop taking traffic, but restarting it (liveness)
 * would not mend the engine and would only loop.
 */
@Component
class DjlHealthIndicator implements HealthIndicator {

	private final Supplier<EngineStatus> engine;

	DjlHealthIndicator() {
		this(EngineStatus::read);
	}

	DjlHealthIndicator(Supplier<EngineStatus> engine) {
		this.engine = engine;
	}

	@Override
	public Health health() {
		try {
			return Health.up().withDetails(this.engine.get().details()).build();
		}
		catch (RuntimeException | LinkageError ex) {
			// a missing or mismatched libtorch surfaces as UnsatisfiedLinkError
			return Health.down().withDetail("reason", EngineStatus.reason(ex)).build();
		}
	}

}
