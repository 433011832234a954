package dev.latentforge.ops;

import java.util.List;

import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class DjlHealthIndicatorTests {

	@Test
	void upWithTheEngineDetails() {
		EngineStatus status = new EngineStatus("PyTorch", "2.7.1", "0.36.0", List.of("cpu", "gpu:0"), 1, 2, true);
		Health health = new DjlHealthIndicator(() -> status).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("pytorchVersion", "2.7.1")
			.containsEntry("djlVersion", "0.36.0")
			.containsEntry("devices", List.of("cpu", "gpu:0"))
			.containsEntry("gpuCount", 1)
			.containsEntry("intraOpThreads", 2)
			.containsEntry("offline", true);
	}

	@Test
	void downWithTheReasonWhenTheEngineCannotLoad() {
		Health health = new DjlHealthIndicator(() -> {
			throw new EngineException("Failed to load PyTorch native library",
					new UnsatisfiedLinkError("libtorch.so: cannot open shared object file"));
		}).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsOnlyKeys("reason");
		assertThat((String) health.getDetails().get("reason")).contains("Failed to load PyTorch native library")
			.contains("libtorch.so: cannot open shared object file");
	}

	@Test
	void downWhenTheNativeLibraryIsMismatched() {
		Health health = new DjlHealthIndicator(() -> {
			throw new UnsatisfiedLinkError("undefined symbol: _ZN3c10");
		}).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "undefined symbol: _ZN3c10");
	}

	@Test
	void infoNamesTheFailureInsteadOfFailing() {
		EngineInfoContributor contributor = new EngineInfoContributor(() -> {
			throw new EngineException("no engine");
		});
		Info.Builder builder = new Info.Builder();
		contributor.contribute(builder);
		assertThat(builder.build().get("engine")).asString().contains("error=no engine");
	}

}
