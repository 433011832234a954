package dev.latentforge.generation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of Markov-chain requests ({@code /sample}, {@code /inpaint}).
 *
 * @param maxChains the most chains of one request
 * @param maxSteps the most transitions per chain
 * @param maxWork the most chains × steps × values per image of one request (the work it
 * asks for); beyond it the request is refused with 413
 * @param maxFrameValues the most chains × kept frames × values per image one response may
 * carry; beyond it 413
 */
@ConfigurationProperties("latentforge.generation.chains")
public record ChainProperties(@DefaultValue("64") int maxChains, @DefaultValue("10000") int maxSteps,
		@DefaultValue("200000000") long maxWork, @DefaultValue("8000000") long maxFrameValues) {

	public ChainProperties {
		if (maxChains < 1 || maxSteps < 1 || maxWork < 1 || maxFrameValues < 1) {
			throw new IllegalArgumentException("latentforge.generation.chains.* values must be at least 1");
		}
	}

}
