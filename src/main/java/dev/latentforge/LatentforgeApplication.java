package dev.latentforge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of the Latentforge control plane: the REST API, persistence, the job
 * scheduler and the inference cache. Training never runs in this JVM; see
 * {@code jobs.worker.WorkerMain}.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class LatentforgeApplication {

	public static void main(String[] args) {
		SpringApplication.run(LatentforgeApplication.class, args);
	}

}
