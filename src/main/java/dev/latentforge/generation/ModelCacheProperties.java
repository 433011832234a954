package dev.latentforge.generation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The inference model cache's memory bound.
 *
 * @param maxBytes the most parameter bytes of loaded checkpoints kept in memory (least
 * recently used out; a single larger model is still served); the entry limit
 * {@code latentforge.generation.cache-size} applies as well
 */
@ConfigurationProperties("latentforge.generation.cache")
public record ModelCacheProperties(@DefaultValue("1GB") DataSize maxBytes) {

	public ModelCacheProperties {
		if (maxBytes.toBytes() < 1) {
			throw new IllegalArgumentException("latentforge.generation.cache.max-bytes must be positive");
		}
	}

}
