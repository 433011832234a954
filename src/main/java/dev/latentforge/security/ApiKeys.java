package dev.latentforge.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latentforge.files.Hashes;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks and revokes API keys. A key is {@code lf_} followed by 43 random
 * base64url characters (256 bits); only its SHA-256 is stored, so a stolen database
 * yields no usable key. Keys are looked up on every request (no cache), so a revoked or
 * expired key stops working at once on every node.
 */
@Service
public class ApiKeys {

	/** Owner names: lower-case letters, digits, '.', '_' and '-'. */
	public static final Pattern OWNER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

	private final ApiKeyRepository keys;

	private final Clock clock;

	public ApiKeys(ApiKeyRepository keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/**
	 * A newly created key.
	 *
	 * @param key its stored metadata
	 * @param secret the key itself, shown once
	 */
	public record Created(ApiKey key, String secret) {
	}

	@Transactional
	public Created create(String name, String owner, Role role, Instant expiresAt, Caller by) {
		return create(name, owner, role, expiresAt, by, newSecret());
	}

	@Transactional
	public Created create(String name, String owner, Role role, Instant expiresAt, Caller by, String secret) {
		if (!OWNER.matcher(owner).matches()) {
			throw ApiException.invalid("owner", "must be 1 to 100 lower-case letters, digits, '.', '_' or '-'");
		}
		if (expiresAt != null && !expiresAt.isAfter(this.clock.instant())) {
			throw ApiException.invalid("expiresAt", "must be in the future");
		}
		ApiKey key = new ApiKey(UUID.randomUUID().toString(), name, owner, role, hash(secret),
				secret.substring(0, Math.min(10, secret.length())), by == null ? null : by.keyId(),
				this.clock.instant(), expiresAt);
		return new Created(this.keys.save(key), secret);
	}

	/**
	 * The caller a presented key stands for, if it is known, not revoked and not expired.
	 */
	@Transactional
	public Optional<Caller> authenticate(String secret) {
		Instant now = this.clock.instant();
		return this.keys.findByKeyHash(hash(secret)).filter((key) -> key.activeAt(now)).map((key) -> {
			if (key.getLastUsedAt() == null || key.getLastUsedAt().plus(LAST_USED_RESOLUTION).isBefore(now)) {
				key.usedAt(now);
			}
			return new Caller(key.getOwner(), key.getId(), key.getRole());
		});
	}

	@Transactional(readOnly = true)
	public Page<ApiKey> list(Caller caller, Pageable pageable) {
		return caller.isAdmin() ? this.keys.findAll(pageable) : this.keys.findByOwner(caller.owner(), pageable);
	}

	/**
	 * Revokes a key; the last active admin key cannot be revoked (nobody could manage
	 * keys then).
	 */
	@Transactional
	public ApiKey revoke(String id) {
		ApiKey key = this.keys.findById(id).orElseThrow(() -> ApiException.notFound("key", id));
		Instant now = this.clock.instant();
		if (key.getRole() == Role.ADMIN && key.activeAt(now) && this.keys.countActiveAdmins(now) <= 1) {
			throw new ApiException(ProblemType.CONFLICT,
					"Key " + id + " is the last active admin key; create another admin key before revoking it");
		}
		if (key.getRevokedAt() == null) {
			key.revoke(now);
		}
		return key;
	}

	@Transactional(readOnly = true)
	public boolean exists(String secret) {
		return this.keys.findByKeyHash(hash(secret)).isPresent();
	}

	@Transactional(readOnly = true)
	public boolean any() {
		return this.keys.count() > 0;
	}

	static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "lf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String secret) {
		return Hashes.sha256Hex(secret);
	}

}
