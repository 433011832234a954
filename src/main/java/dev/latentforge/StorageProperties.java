package dev.latentforge;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the service keeps its files: data sets, job directories (checkpoints, worker
 * logs) and, by default, the H2 database.
 *
 * @param dataDir the data directory; shared by all nodes of a deployment
 */
@ConfigurationProperties("latentforge")
public record StorageProperties(@DefaultValue("./data") Path dataDir) {

	public Path datasets() {
		return this.dataDir.resolve("datasets");
	}

	public Path jobs() {
		return this.dataDir.resolve("jobs");
	}

}
