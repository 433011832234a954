package dev.latentforge.generation;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Recorded generations. */
public interface GenerationRepository extends JpaRepository<Generation, String>, JpaSpecificationExecutor<Generation> {

	@Query("select distinct g.checkpointId from Generation g where g.modelId = :modelId")
	List<String> findCheckpointIdsByModelId(String modelId);

	@Modifying
	@Query("delete from Generation g where g.modelId = :modelId")
	int deleteByModelId(String modelId);

}
