package dev.latentforge.security;

/**
 * Who is calling: the owner whose resources the call may see and touch, the key it used
 * (when it used one) and its role. {@link #SYSTEM} is the service itself (schedulers,
 * workers' reports).
 *
 * @param owner the owner
 * @param keyId the API key's id, or {@code null} (JWT, system)
 * @param role the role
 */
public record Caller(String owner, String keyId, Role role) {

	/** The service acting on its own behalf, outside any request. */
	public static final Caller SYSTEM = new Caller("system", null, Role.ADMIN);

	public boolean isAdmin() {
		return this.role == Role.ADMIN;
	}

	/**
	 * Whether this caller may see a resource of an owner ({@code null}: a built-in, seen
	 * by all).
	 */
	public boolean sees(String resourceOwner) {
		return resourceOwner == null || isAdmin() || this.owner.equals(resourceOwner);
	}

	/**
	 * The owner to filter lists by, or {@code null} when this caller sees every owner.
	 */
	public String ownerFilter() {
		return isAdmin() ? null : this.owner;
	}

}
