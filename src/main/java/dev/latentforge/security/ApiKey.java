package dev.latentforge.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An API key: only its SHA-256 hash and first characters are stored; the key is shown
 * once.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

	@Id
	private String id;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private String owner;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Role role;

	@Column(name = "key_hash", nullable = false)
	private String keyHash;

	@Column(name = "key_prefix", nullable = false)
	private String keyPrefix;

	@Column(name = "created_by")
	private String createdBy;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	protected ApiKey() {
	}

	ApiKey(String id, String name, String owner, Role role, String keyHash, String keyPrefix, String createdBy,
			Instant createdAt, Instant expiresAt) {
		this.id = id;
		this.name = name;
		this.owner = owner;
		this.role = role;
		this.keyHash = keyHash;
		this.keyPrefix = keyPrefix;
		this.createdBy = createdBy;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	/** Whether the key authenticates at this time: not revoked and not expired. */
	public boolean activeAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	void revoke(Instant now) {
		this.revokedAt = now;
	}

	void usedAt(Instant now) {
		this.lastUsedAt = now;
	}

	public String getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public String getOwner() {
		return this.owner;
	}

	public Role getRole() {
		return this.role;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	public Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

}
