package dev.latentforge.prompts;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Saved prompts. */
interface PromptRepository extends JpaRepository<Prompt, String> {

	Page<Prompt> findByOwner(String owner, Pageable pageable);

	Page<Prompt> findByOwnerAndModelId(String owner, String modelId, Pageable pageable);

	Page<Prompt> findByModelId(String modelId, Pageable pageable);

	@Modifying
	@Query("delete from Prompt p where p.modelId = :modelId")
	int deleteByModelId(String modelId);

}
