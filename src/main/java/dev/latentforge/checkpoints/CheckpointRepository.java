package dev.latentforge.checkpoints;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** Committed checkpoints. */
public interface CheckpointRepository extends JpaRepository<Checkpoint, String> {

	List<Checkpoint> findByJobIdOrderByStepAsc(String jobId);

	Optional<Checkpoint> findFirstByJobIdOrderByStepDescCreatedAtDesc(String jobId);

	Optional<Checkpoint> findFirstByJobIdAndQualityNotNullOrderByQualityAscStepDesc(String jobId);

	Optional<Checkpoint> findByIdAndJobId(String id, String jobId);

	void deleteByJobId(String jobId);

}
