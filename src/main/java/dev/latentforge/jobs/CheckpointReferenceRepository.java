package dev.latentforge.jobs;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Checkpoints referenced by jobs. */
interface CheckpointReferenceRepository extends JpaRepository<CheckpointReference, CheckpointReference.Key> {

	List<CheckpointReference> findByReferencedJobId(String referencedJobId);

}
