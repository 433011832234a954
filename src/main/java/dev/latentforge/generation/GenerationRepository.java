package dev.latentforge.generation;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Recorded generations. */
public interface GenerationRepository extends JpaRepository<Generation, String> {

	Page<Generation> findByOwner(String owner, Pageable pageable);

	Page<Generation> findByOwnerAndModelId(String owner, String modelId, Pageable pageable);

	Page<Generation> findByModelId(String modelId, Pageable pageable);

	@Query("select distinct g.checkpointId from Generation g where g.modelId = :modelId")
	List<String> findCheckpointIdsByModelId(String modelId);

	@Modifying
	@Query("delete from Generation g where g.modelId = :modelId")
	int deleteByModelId(String modelId);

}
