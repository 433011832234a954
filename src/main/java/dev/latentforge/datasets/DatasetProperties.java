package dev.latentforge.datasets;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the data sets feature: limits on uploaded archives and where to find
 * Fashion-MNIST. The size of an upload itself is capped by
 * {@code spring.servlet.multipart.max-file-size} and {@code max-request-size}.
 *
 * @param maxArchiveEntries the most entries (files, directories, skipped metadata) a ZIP
 * upload may have
 * @param maxInflatedSize the most bytes a ZIP upload, or a gzipped IDX upload, may
 * inflate to; counted while inflating
 * @param fashionMnistDir where Debian's {@code dataset-fashion-mnist} package puts its
 * IDX files; Fashion-MNIST is registered as a built-in only when this directory exists
 */
@ConfigurationProperties("latentforge.datasets")
public record DatasetProperties(@DefaultValue("100000") int maxArchiveEntries,
		@DefaultValue("2GB") DataSize maxInflatedSize,
		@DefaultValue("/usr/share/datasets/fashion-mnist") Path fashionMnistDir) {
}
