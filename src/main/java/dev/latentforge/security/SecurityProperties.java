package dev.latentforge.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings.
 *
 * @param bootstrapKey an API key that is made the first admin key (environment
 * {@code LATENTFORGE_SECURITY_BOOTSTRAP_KEY}); without it, a key is generated on the
 * first start and printed once to the log
 * @param jwt the optional OAuth2 resource server
 */
@ConfigurationProperties("latentforge.security")
public record SecurityProperties(String bootstrapKey, @DefaultValue Jwt jwt) {

	/**
	 * JWT bearer tokens from an OAuth2 issuer, besides API keys. The issuer or key is set
	 * with Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} properties.
	 *
	 * @param enabled whether JWTs are accepted
	 * @param ownerClaim the claim that names the caller's owner
	 * @param roleClaim the claim that holds the role (viewer, trainer or admin; viewer if
	 * absent)
	 */
	public record Jwt(@DefaultValue("false") boolean enabled, @DefaultValue("sub") String ownerClaim,
			@DefaultValue("latentforge_role") String roleClaim) {
	}

}
