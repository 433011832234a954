package dev.latentforge.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.latentforge.engine.EngineInfo;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * Adds the {@code engine} section to {@code /actuator/info}: the DJL and PyTorch versions
 * and the devices, or the reason the engine cannot load. (The {@code build} section comes
 * from Boot's build-info.)
 */
@Component
class EngineInfoContributor implements InfoContributor {

	private final Supplier<EngineStatus> engine;

	EngineInfoContributor() {
		this(EngineStatus::read);
	}

	EngineInfoContributor(Supplier<EngineStatus> engine) {
		this.engine = engine;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> section = new LinkedHashMap<>();
		try {
			EngineStatus status = this.engine.get();
			section.put("name", status.engine());
			section.put("djl", status.djlVersion());
			section.put("pytorch", status.pytorchVersion());
			section.put("devices", status.devices());
		}
		catch (RuntimeException | LinkageError ex) {
			section.put("djl", EngineInfo.djlVersion());
			section.put("error", EngineStatus.reason(ex));
		}
		builder.withDetail("engine", section);
	}

}
