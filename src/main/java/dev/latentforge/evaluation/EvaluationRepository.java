package dev.latentforge.evaluation;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Evaluations. */
interface EvaluationRepository extends JpaRepository<Evaluation, String> {

	Page<Evaluation> findByModelId(String modelId, Pageable pageable);

	List<Evaluation> findByModelId(String modelId);

	@Query("select distinct e.checkpointId from Evaluation e where e.modelId = :modelId and e.status in "
			+ "(dev.latentforge.evaluation.EvaluationStatus.QUEUED, dev.latentforge.evaluation.EvaluationStatus.RUNNING)")
	List<String> findUnfinishedCheckpointIds(String modelId);

}
