package dev.latentforge.security;

import java.util.List;

import dev.latentforge.web.ProblemType;
import jakarta.servlet.DispatcherType;
import dev.latentforge.web.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Who may call what. Public: Swagger UI, the OpenAPI document, {@code /actuator/health}
 * and {@code /actuator/info}. Admin: the rest of the actuator, the audit log, creating
 * and revoking keys. Viewer and up: reads ({@code GET}) under {@code /api/v1}. Trainer
 * and up: everything else under {@code /api/v1}. Which owner's resources a caller sees is
 * decided by the features themselves ({@link Callers}). Errors are problem+json: 401
 * without (valid) credentials, 403 for a role that is not allowed.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, ApiKeys keys, SecurityProperties properties, AuditLog audit)
			throws Exception {
		boolean jwt = properties.jwt().enabled();
		http.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests
				// the request was authorised when it came in; its async (event stream)
				// and error
				// dispatches are not authorised again
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
				.permitAll()
				.requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**", "/error")
				.permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
				.permitAll()
				.requestMatchers("/actuator/**")
				.hasRole("ADMIN")
				.requestMatchers("/api/v1/audit", "/api/v1/audit/**")
				.hasRole("ADMIN")
				.requestMatchers(HttpMethod.POST, "/api/v1/keys")
				.hasRole("ADMIN")
				.requestMatchers(HttpMethod.DELETE, "/api/v1/keys/**")
				.hasRole("ADMIN")
				.requestMatchers(HttpMethod.GET, "/api/v1/**")
				.hasRole("VIEWER")
				.requestMatchers("/api/v1/**")
				.hasRole("TRAINER")
				.anyRequest()
				.authenticated())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
				Problems.write(response,
						Problems.of(ProblemType.UNAUTHORIZED,
								"Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'", request),
						null);
			})
				.accessDeniedHandler(
						(request, response, ex) -> Problems.write(response,
								Problems.of(ProblemType.FORBIDDEN,
										"Your key's role may not " + request.getMethod() + " "
												+ request.getRequestURI(),
										request),
								null)))
			.addFilterBefore(new ApiKeyAuthenticationFilter(keys, jwt), AnonymousAuthenticationFilter.class)
			.addFilterAfter(new AuditFilter(audit), SecurityContextHolderFilter.class);
		if (jwt) {
			DefaultBearerTokenResolver defaults = new DefaultBearerTokenResolver();
			BearerTokenResolver jwtsOnly = (request) -> {
				String token = defaults.resolve(request);
				return token != null && token.chars().filter((c) -> c == '.').count() == 2 ? token : null;
			};
			http.oauth2ResourceServer((server) -> server.bearerTokenResolver(jwtsOnly)
				.authenticationEntryPoint(unauthorized())
				.jwt((jwts) -> jwts.jwtAuthenticationConverter(jwtCallers(properties.jwt()))));
		}
		return http.build();
	}

	/**
	 * Answers a request without valid credentials: 401, problem+json,
	 * {@code WWW-Authenticate: Bearer}.
	 */
	static AuthenticationEntryPoint unauthorized() {
		return (request, response, ex) -> {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			String detail = ex instanceof org.springframework.security.oauth2.server.resource.InvalidBearerTokenException
					? "The bearer token is not valid: " + ex.getMessage()
					: "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'";
			Problems.write(response, Problems.of(ProblemType.UNAUTHORIZED, detail, request), null);
		};
	}

	/**
	 * Maps a JWT to a caller: the owner from its owner claim, the role from its role
	 * claim.
	 */
	static Converter<Jwt, AbstractAuthenticationToken> jwtCallers(SecurityProperties.Jwt settings) {
		return (token) -> {
			String owner = token.getClaimAsString(settings.ownerClaim());
			if (owner == null || !ApiKeys.OWNER.matcher(owner.toLowerCase()).matches()) {
				throw new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException(
						"the token's " + settings.ownerClaim() + " claim does not name a valid owner");
			}
			Object claim = token.getClaims().get(settings.roleClaim());
			String roleName = claim instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0))
					: claim != null ? claim.toString() : "viewer";
			Role role = Role.parse(roleName);
			return new CallerAuthentication(new Caller(owner.toLowerCase(), null, role != null ? role : Role.VIEWER));
		};
	}

}
