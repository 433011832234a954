package dev.latentforge.generation;

import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChainRequestsTests {

	static final ChainProperties LIMITS = new ChainProperties(64, 10_000, 10_000_000, 1_000_000);

	@Test
	void fillsDefaultsAndCountsKeptFrames() {
		ChainRunner.Plan plan = ChainRequests.plan(null, null, null, null, null, 7L, 100, false, 784, LIMITS);
		assertThat(plan).isEqualTo(new ChainRunner.Plan(4, 100, 0, 1, false, 7));
		assertThat(plan.kept()).isEqualTo(100);
		ChainRunner.Plan thinned = ChainRequests.plan(2, 100, 10, 7, true, 1L, 100, false, 784, LIMITS);
		// steps 17, 24, ..., 94: (100 - 10) / 7 = 12 frames
		assertThat(thinned.kept()).isEqualTo(12);
		assertThat(thinned.keeps(17)).isTrue();
		assertThat(thinned.keeps(10)).isFalse();
		assertThat(thinned.keeps(94)).isTrue();
		assertThat(thinned.keeps(101)).isTrue();
	}

	@Test
	void badValuesAre400NamingTheField() {
		assertInvalid(0, 10, 0, 1, "chains");
		assertInvalid(65, 10, 0, 1, "chains");
		assertInvalid(2, 0, 0, 1, "steps");
		assertInvalid(2, 10, 10, 1, "burnIn");
		assertInvalid(2, 10, -1, 1, "burnIn");
		assertInvalid(2, 10, 0, 0, "thin");
		assertInvalid(2, 10, 5, 6, "thin");
	}

	@Test
	void tooMuchWorkOrTooManyFramesAre413() {
		ApiException work = catchThrowableOfType(ApiException.class,
				() -> ChainRequests.plan(64, 10_000, 9_000, 1000, false, 1L, 100, false, 784, LIMITS));
		assertThat(work.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
		assertThat(work.getMessage()).contains("64 × 10000 × 784", "fewer chains or steps");
		ApiException frames = catchThrowableOfType(ApiException.class,
				() -> ChainRequests.plan(16, 100, 0, 1, false, 1L, 100, false, 784, LIMITS));
		assertThat(frames.type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
		assertThat(frames.getMessage()).contains("16 × 100 × 784", "raise thin");
	}

	private static void assertInvalid(int chains, int steps, int burnIn, int thin, String field) {
		ApiException ex = catchThrowableOfType(ApiException.class,
				() -> ChainRequests.plan(chains, steps, burnIn, thin, false, 1L, 100, false, 784, LIMITS));
		assertThat(ex).as(field).isNotNull();
		assertThat(ex.type()).isEqualTo(ProblemType.VALIDATION);
		assertThat(ex.fieldProblems()).extracting((p) -> p.field()).containsExactly(field);
	}

}
