package dev.latentforge.security;

import java.io.IOException;
import java.util.Optional;

import dev.latentforge.web.ProblemType;
import dev.latentforge.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that present an API key, as {@code Authorization: Bearer <key>}
 * or {@code X-API-Key: <key>}. A key that is unknown, revoked or expired is refused at
 * once with 401; a request without a key goes on unauthenticated (public paths accept it,
 * the others answer 401). Bearer values that look like JWTs are left to the resource
 * server when it is enabled.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private final ApiKeys keys;

	private final boolean jwtEnabled;

	ApiKeyAuthenticationFilter(ApiKeys keys, boolean jwtEnabled) {
		this.keys = keys;
		this.jwtEnabled = jwtEnabled;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = presentedKey(request);
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		Optional<Caller> caller = this.keys.authenticate(key);
		if (caller.isEmpty()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			Problems.write(response,
					Problems.of(ProblemType.UNAUTHORIZED, "The API key is unknown, revoked or expired", request), null);
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new CallerAuthentication(caller.get()));
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	private String presentedKey(HttpServletRequest request) {
		String header = request.getHeader(HEADER);
		if (header != null && !header.isBlank()) {
			return header.trim();
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String token = authorization.substring(7).trim();
			if (this.jwtEnabled && token.chars().filter((c) -> c == '.').count() == 2) {
				return null;
			}
			return token.isEmpty() ? null : token;
		}
		return null;
	}

}
