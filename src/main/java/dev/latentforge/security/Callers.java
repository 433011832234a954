package dev.latentforge.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Finds the current caller: the authenticated caller of the request, or
 * {@link Caller#SYSTEM} when there is none. Every path that reaches owner-scoped code
 * requires authentication ({@link SecurityConfiguration}), so only the service's own
 * threads (schedulers, the recording of workers' reports) and its public endpoints, which
 * touch no owned data, run without one.
 */
public final class Callers {

	private Callers() {
	}

	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
			return caller;
		}
		return Caller.SYSTEM;
	}

}
