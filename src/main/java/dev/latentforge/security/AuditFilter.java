package dev.latentforge.security;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import dev.latentforge.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every state-changing call (any method but GET, HEAD and OPTIONS), accepted or
 * refused, once its response is decided. Runs inside the security filter chain, so it
 * sees the caller.
 */
class AuditFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final AuditLog audit;

	AuditFilter(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (READS.contains(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			record(request, response);
		}
	}

	private void record(HttpServletRequest request, HttpServletResponse response) {
		try {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			Caller caller = authentication != null && authentication.getPrincipal() instanceof Caller c ? c : null;
			Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			String action = pattern != null ? pattern.toString() : request.getRequestURI();
			this.audit.record(caller, RequestIds.of(request), request.getMethod(), action, target(request, response),
					response.getStatus());
		}
		catch (RuntimeException ex) {
			log.error("Could not record an audit entry for {} {}", request.getMethod(), request.getRequestURI(), ex);
		}
	}

	private static String target(HttpServletRequest request, HttpServletResponse response) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (variables instanceof Map<?, ?> map && map.get("id") != null) {
			return map.get("id").toString();
		}
		String location = response.getHeader(HttpHeaders.LOCATION);
		if (location != null) {
			return location.substring(location.lastIndexOf('/') + 1);
		}
		return null;
	}

}
