package dev.latentforge.datasets;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Stores {@link Dataset} rows.
 */
interface DatasetRepository extends JpaRepository<Dataset, String> {

}
