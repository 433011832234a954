package dev.latentforge.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Describes the API as a whole in the OpenAPI document: its title, version and
 * description, and error responses as problems ({@link ProblemResponses}). Features add
 * their own parts; the model families, for instance, document their specs with
 * {@link PolymorphicSchemas}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String TITLE = "Latentforge API";

	static final String DESCRIPTION = """
			Latentforge is a self-hosted service that trains and serves unsupervised and generative \
			deep models. Pick a data set (built in or uploaded), submit a training job whose `model` \
			is one of the model families' specs (`ModelSpec`, chosen by its `type`), follow it over \
			Server-Sent Events, then inspect, use and export the trained model.

			Every error is an RFC 9457 problem detail, `application/problem+json` (the `Problem` \
			schema): switch on its `type`, a stable URI per kind of problem; `errors` lists the \
			invalid fields of a bad request; `traceId` is the request's id, also sent in the \
			`X-Request-Id` response header.

			Authenticate with an API key: `Authorization: Bearer <key>` or `X-API-Key: <key>` (use \
			the Authorize button). Roles: viewer (read), trainer (create and control its owner's data \
			sets, jobs and models), admin (everything, keys, every owner). Another owner's resources \
			answer 404, as unknown ones do. Quotas answer 429 and a full queue 503, both with \
			`Retry-After`.""";

	static {
		// The events endpoint streams text/event-stream; SseEmitter is not its body.
		SpringDocUtils.getConfig()
			.replaceWithSchema(SseEmitter.class,
					new StringSchema().description("Server-Sent Events: id, event and data lines per event"));
	}

	@Bean
	OpenAPI latentforgeOpenApi(ObjectProvider<BuildProperties> build, Environment environment) {
		return new OpenAPI()
			.info(new Info().title(TITLE).version(version(build, environment)).description(DESCRIPTION));
	}

	@Bean
	ProblemResponses problemResponses() {
		return new ProblemResponses();
	}

	@Bean
	SecurityDocumentation securityDocumentation() {
		return new SecurityDocumentation();
	}

	/**
	 * The version in {@code META-INF/build-info.properties}, else the jar manifest's
	 * {@code Implementation-Version} (both the pom's version).
	 */
	private static String version(ObjectProvider<BuildProperties> build, Environment environment) {
		BuildProperties properties = build.getIfAvailable();
		if (properties != null && properties.getVersion() != null) {
			return properties.getVersion();
		}
		return environment.getProperty("spring.application.version", "unknown");
	}

}
