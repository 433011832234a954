package dev.latentforge.models;

import java.util.List;

import dev.latentforge.testing.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service (Spring beans) and the worker ({@code META-INF/services}) must know the
 * same model families, or a job could be accepted that no worker can train.
 */
class ModelFamiliesIntegrationTests extends ServiceIntegrationTest {

	@Autowired
	List<ModelFamily> beans;

	@Test
	void springAndTheWorkerFindTheSameFamilies() {
		List<String> spring = this.beans.stream().map((f) -> f.getClass().getName()).sorted().toList();
		List<String> worker = ModelFamilies.discover()
			.all()
			.stream()
			.map((f) -> f.getClass().getName())
			.sorted()
			.toList();
		assertThat(spring).isNotEmpty().isEqualTo(worker);
	}

}
