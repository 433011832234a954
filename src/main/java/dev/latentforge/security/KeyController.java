package dev.latentforge.security;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import dev.latentforge.web.PageQuery;
import dev.latentforge.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * API keys: admins create and revoke them; everyone lists the keys of their owner
 * (metadata only).
 */
@RestController
@RequestMapping("/api/v1/keys")
@Tag(name = "Keys", description = "API keys, roles and owners")
class KeyController {

	private final ApiKeys keys;

	KeyController(ApiKeys keys) {
		this.keys = keys;
	}

	/**
	 * A key to create.
	 *
	 * @param name what the key is for
	 * @param owner the owner whose resources the key sees and creates
	 * @param role viewer, trainer or admin
	 * @param expiresAt when the key stops working (RFC 3339), or never
	 */
	record KeyRequest(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 100) String owner,
			@NotNull Role role, Instant expiresAt) {
	}

	/**
	 * A key's metadata; {@code key} holds the key itself only in the response that
	 * created it.
	 *
	 * @param id its id
	 * @param name its name
	 * @param owner its owner
	 * @param role its role
	 * @param prefix its first characters, to recognise it
	 * @param createdAt when it was created
	 * @param createdBy the key that created it
	 * @param expiresAt when it expires
	 * @param revokedAt when it was revoked
	 * @param lastUsedAt when it was last used (to the minute)
	 * @param key the key, shown once
	 */
	record KeyResponse(String id, String name, String owner, Role role, String prefix, Instant createdAt,
			String createdBy, Instant expiresAt, Instant revokedAt, Instant lastUsedAt, String key) {

		static KeyResponse of(ApiKey key, String secret) {
			return new KeyResponse(key.getId(), key.getName(), key.getOwner(), key.getRole(), key.getKeyPrefix(),
					key.getCreatedAt(), key.getCreatedBy(), key.getExpiresAt(), key.getRevokedAt(), key.getLastUsedAt(),
					secret);
		}

	}

	@PostMapping
	@Operation(operationId = "createKey", summary = "Create an API key (admin)",
			description = "The key is in this response only; store it. Only its hash is kept.")
	@ApiResponse(responseCode = "201", description = "Created")
	ResponseEntity<KeyResponse> create(@Valid @RequestBody KeyRequest request) {
		ApiKeys.Created created = this.keys.create(request.name(), request.owner(), request.role(), request.expiresAt(),
				Callers.current());
		return ResponseEntity.created(URI.create("/api/v1/keys/" + created.key().getId()))
			.body(KeyResponse.of(created.key(), created.secret()));
	}

	@GetMapping
	@Operation(operationId = "listKeys", summary = "List API keys",
			description = "Admins see every key; others see their owner's keys. Metadata only.")
	PageResponse<KeyResponse> list(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return PageResponse.of(
				this.keys.list(Callers.current(),
						PageQuery.of(page, size, null, Map.of(), Sort.by(Sort.Direction.DESC, "createdAt"))),
				(key) -> KeyResponse.of(key, null));
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "revokeKey", summary = "Revoke an API key (admin)",
			description = "It stops working at once on every node. The last active admin key cannot be revoked.")
	@ApiResponse(responseCode = "204", description = "Revoked")
	@ApiResponse(responseCode = "409", description = "The last active admin key")
	ResponseEntity<Void> revoke(@PathVariable String id) {
		this.keys.revoke(id);
		return ResponseEntity.noContent().build();
	}

}
