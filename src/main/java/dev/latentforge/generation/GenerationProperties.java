package dev.latentforge.generation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inference in the service.
 *
 * @param threads inference threads (and libtorch intra-op threads of the service JVM)
 * @param batchSize the fixed batch size of every forward pass; requests are split and
 * padded to it, so one request's rows never change another's results
 * @param maxImages the most images one request may send or ask for
 * @param cacheSize how many loaded checkpoints the service keeps in memory
 */
@ConfigurationProperties("latentforge.generation")
public record GenerationProperties(@DefaultValue("1") int threads, @DefaultValue("32") int batchSize,
		@DefaultValue("256") int maxImages, @DefaultValue("4") int cacheSize) {

	public GenerationProperties {
		if (threads < 1 || batchSize < 1 || maxImages < 1 || cacheSize < 1) {
			throw new IllegalArgumentException("latentforge.generation.* values must be at least 1");
		}
	}

}
