package dev.latentforge.jobs;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Stores training jobs; progress and checkpoint pointers are written by fenced bulk
 * updates.
 */
public interface TrainingJobRepository extends JpaRepository<TrainingJob, String> {

	Page<TrainingJob> findByStatusIn(Collection<JobStatus> statuses, Pageable pageable);

	Page<TrainingJob> findByOwnerAndStatusIn(String owner, Collection<JobStatus> statuses, Pageable pageable);

	Optional<TrainingJob> findByOwnerAndIdempotencyKey(String owner, String idempotencyKey);

	long countByStatus(JobStatus status);

	long countByOwnerAndStatus(String owner, JobStatus status);

	long countByOwnerAndStatusIn(String owner, Collection<JobStatus> statuses);

	/**
	 * One row per status that has jobs: how many, and the sum of their last reported
	 * training speeds (null when none reported one). One query, for monitoring.
	 * @return the tallies
	 */
	@Query("select j.status as status, count(j) as jobs, sum(j.stepsPerSecond) as stepsPerSecond "
			+ "from TrainingJob j group by j.status")
	List<StatusTally> tallyByStatus();

	boolean existsByDatasetIdAndStatusIn(String datasetId, Collection<JobStatus> statuses);

	/**
	 * Locks an owner's job rows until the transaction ends (serialises starts against its
	 * quota).
	 */
	@Query(value = "select id from training_jobs where owner = :owner for update", nativeQuery = true)
	java.util.List<String> lockJobsOf(@Param("owner") String owner);

	@Query("select j.cancelRequested from TrainingJob j where j.id = :id")
	Optional<Boolean> findCancelRequested(@Param("id") String id);

	@Modifying
	@Query(value = "update training_jobs set progress_step = :step, progress_epoch = :epoch, "
			+ "progress_phase = :phase, steps_per_second = :sps, eta_seconds = :eta "
			+ "where id = :id and attempt = :attempt", nativeQuery = true)
	int updateProgress(@Param("id") String id, @Param("attempt") int attempt, @Param("step") long step,
			@Param("epoch") long epoch, @Param("phase") String phase, @Param("sps") Double stepsPerSecond,
			@Param("eta") Double etaSeconds);

	@Modifying
	@Query(value = "update training_jobs set latest_metrics = :metrics where id = :id and attempt = :attempt",
			nativeQuery = true)
	int updateLatestMetrics(@Param("id") String id, @Param("attempt") int attempt, @Param("metrics") String metrics);

	@Modifying
	@Query(value = "update training_jobs set latest_checkpoint_id = :latest, best_checkpoint_id = :best "
			+ "where id = :id and attempt = :attempt", nativeQuery = true)
	int updateCheckpointPointers(@Param("id") String id, @Param("attempt") int attempt, @Param("latest") String latest,
			@Param("best") String best);

	@Modifying
	@Query(value = "update training_jobs set device = :device, threads = :threads where id = :id and attempt = :attempt",
			nativeQuery = true)
	int updateDevice(@Param("id") String id, @Param("attempt") int attempt, @Param("device") String device,
			@Param("threads") Integer threads);

	/** Queued jobs that have no scheduler execution (see {@code QueueReconciler}). */
	@Query(value = "select j.* from training_jobs j where j.status = 'QUEUED' and j.updated_at < :before "
			+ "and not exists (select 1 from scheduled_tasks t where t.task_name = 'training-job' "
			+ "and t.task_instance = j.id)", nativeQuery = true)
	java.util.List<TrainingJob> findQueuedWithoutExecution(@Param("before") java.time.OffsetDateTime before);

	/** A projection of {@link #tallyByStatus()}. */
	interface StatusTally {

		JobStatus getStatus();

		long getJobs();

		Double getStepsPerSecond();

	}

}
