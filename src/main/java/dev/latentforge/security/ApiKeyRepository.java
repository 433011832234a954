package dev.latentforge.security;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Stored API keys. */
public interface ApiKeyRepository extends JpaRepository<ApiKey, String> {

	Optional<ApiKey> findByKeyHash(String keyHash);

	Page<ApiKey> findByOwner(String owner, Pageable pageable);

	@Query("select count(k) from ApiKey k where k.role = dev.latentforge.security.Role.ADMIN and k.revokedAt is null "
			+ "and (k.expiresAt is null or k.expiresAt > :now)")
	long countActiveAdmins(@Param("now") Instant now);

}
