package dev.latentforge.ops;

import java.time.Duration;
import java.util.List;

import dev.latentforge.jobs.JobStatus;
import dev.latentforge.jobs.TrainingJobRepository;
import dev.latentforge.jobs.TrainingJobRepository.StatusTally;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class JobMetricsTests {

	private final TrainingJobRepository repository = mock(TrainingJobRepository.class);

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final JobMetrics metrics = new JobMetrics(this.repository, new OpsProperties(Duration.ofSeconds(5)));

	@BeforeEach
	void bind() {
		this.metrics.bindTo(this.registry);
	}

	@Test
	void unknownUntilTheFirstRefresh() {
		assertThat(jobs(JobStatus.QUEUED)).isNaN();
		assertThat(gauge("latentforge.jobs.queue.depth")).isNaN();
		assertThat(gauge("latentforge.training.steps.per.second")).isNaN();
	}

	@Test
	void gaugesReadTheSnapshotNotTheDatabase() {
		given(this.repository.tallyByStatus()).willReturn(List.of(new Tally(JobStatus.QUEUED, 3, null),
				new Tally(JobStatus.RUNNING, 2, 17.5), new Tally(JobStatus.SUCCEEDED, 4, 9.0)));
		this.metrics.refresh();
		for (int scrape = 0; scrape < 3; scrape++) {
			assertThat(jobs(JobStatus.QUEUED)).isEqualTo(3);
			assertThat(jobs(JobStatus.RUNNING)).isEqualTo(2);
			assertThat(jobs(JobStatus.SUCCEEDED)).isEqualTo(4);
			assertThat(jobs(JobStatus.FAILED)).isZero();
			assertThat(gauge("latentforge.jobs.queue.depth")).isEqualTo(3);
			// only running jobs count: a finished job's last speed is history
			assertThat(gauge("latentforge.training.steps.per.second")).isEqualTo(17.5);
		}
		verify(this.repository, times(1)).tallyByStatus();
	}

	@Test
	void keepsTheLastCountsWhenTheDatabaseFails() {
		given(this.repository.tallyByStatus()).willReturn(List.of(new Tally(JobStatus.QUEUED, 1, null)))
			.willThrow(new DataAccessResourceFailureException("database closed"));
		this.metrics.refresh();
		this.metrics.refresh();
		assertThat(gauge("latentforge.jobs.queue.depth")).isEqualTo(1);
		assertThat(gauge("latentforge.training.steps.per.second")).isZero();
	}

	private double jobs(JobStatus status) {
		return this.registry.get("latentforge.jobs").tag("status", status.name()).gauge().value();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	record Tally(JobStatus getStatus, long getJobs, Double getStepsPerSecond) implements StatusTally {
	}

}
