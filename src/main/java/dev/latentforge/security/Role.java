package dev.latentforge.security;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The roles, each including the ones below it: a viewer reads, a trainer also creates and
 * controls its owner's data sets, jobs and models, an admin also manages keys and sees
 * every owner.
 */
public enum Role {

	@JsonProperty("viewer")
	VIEWER, @JsonProperty("trainer")
	TRAINER, @JsonProperty("admin")
	ADMIN;

	/**
	 * The Spring Security authorities this role grants (its own and those it includes).
	 */
	public List<String> authorities() {
		return switch (this) {
			case VIEWER -> List.of("ROLE_VIEWER");
			case TRAINER -> List.of("ROLE_VIEWER", "ROLE_TRAINER");
			case ADMIN -> List.of("ROLE_VIEWER", "ROLE_TRAINER", "ROLE_ADMIN");
		};
	}

	public static Role parse(String value) {
		for (Role role : values()) {
			if (role.name().equalsIgnoreCase(value)) {
				return role;
			}
		}
		return null;
	}

}
