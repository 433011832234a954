package dev.latentforge.datasets;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Stores {@link Dataset} rows.
 */
interface DatasetRepository extends JpaRepository<Dataset, String> {

	/** The data sets an owner sees: the built-ins and its own. */
	@Query("select d from Dataset d where d.builtin = true or d.owner = :owner")
	Page<Dataset> findVisibleTo(@Param("owner") String owner, Pageable pageable);

	@Query("select coalesce(sum(d.sizeBytes), 0) from Dataset d where d.owner = :owner")
	long storedBytes(@Param("owner") String owner);

}
