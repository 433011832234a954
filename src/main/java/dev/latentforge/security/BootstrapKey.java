package dev.latentforge.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Makes sure someone can administer a new deployment. With
 * {@code latentforge.security.bootstrap-key} set, that key becomes an admin key (owner
 * {@code admin}) if it is not stored yet. Without it, when no key exists at all (the
 * first start), an admin key is generated and printed once to the log; it is never
 * printed again.
 */
@Component
@Order(0)
class BootstrapKey implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BootstrapKey.class);

	static final int MIN_LENGTH = 16;

	private final ApiKeys keys;

	private final SecurityProperties properties;

	BootstrapKey(ApiKeys keys, SecurityProperties properties) {
		this.keys = keys;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		String configured = this.properties.bootstrapKey();
		if (configured != null && !configured.isBlank()) {
			if (configured.length() < MIN_LENGTH) {
				throw new IllegalStateException(
						"latentforge.security.bootstrap-key must have at least " + MIN_LENGTH + " characters");
			}
			if (!this.keys.exists(configured)) {
				try {
					this.keys.create("bootstrap", "admin", Role.ADMIN, null, null, configured);
					log.info("The configured bootstrap key is now an admin key (owner 'admin')");
				}
				catch (DataIntegrityViolationException ex) {
					// another node stored it at the same moment
				}
			}
			return;
		}
		if (!this.keys.any()) {
			ApiKeys.Created created = this.keys.create("bootstrap", "admin", Role.ADMIN, null, null);
			log.warn("""

					==================================================================================
					 No API key existed, so an admin key was generated. It is shown only this once:

					     {}

					 Use it as 'Authorization: Bearer <key>' (or 'X-API-Key: <key>'), create keys for
					 your users with POST /api/v1/keys, and keep this one safe or revoke it.
					==================================================================================
					""", created.secret());
		}
	}

}
