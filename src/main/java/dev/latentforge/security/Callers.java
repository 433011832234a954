package dev.latentforge.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Finds the current caller. Inside a request it is the authenticated caller (every API
 * path requires one); outside any request (schedulers, the worker's reports) it is
 * {@link Caller#SYSTEM}.
 */
public final class Callers {

	private Callers() {
	}

	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
			return caller;
		}
		if (RequestContextHolder.getRequestAttributes() == null) {
			return Caller.SYSTEM;
		}
		throw new AccessDeniedException("this request has no authenticated caller");
	}

}
