package dev.latentforge.datasets.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetInfo.DatasetKind;
import dev.latentforge.datasets.DatasetProperties;
import dev.latentforge.datasets.formats.Idx;
import dev.latentforge.tensors.Tensor;

import org.springframework.stereotype.Component;

/**
 * Converts Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from the IDX files of Debian's
 * {@code dataset-fashion-mnist} package ({@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz},
 * {@code t10k-labels-idx1-ubyte.gz}, gzipped or not) into 28×28 8-bit grey images with
 * its ten classes; the {@code t10k} files become the test split. Available only when
 * {@code latentforge.datasets.fashion-mnist-dir} exists; the service does not need it.
 */
@Component
public class FashionMnist implements BuiltinDataset {

	static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
			"Shirt", "Sneaker", "Bag", "Ankle boot");

	private final Path directory;

	private final long maxInflatedBytes;

	public FashionMnist(DatasetProperties properties) {
		this.directory = properties.fashionMnistDir();
		this.maxInflatedBytes = properties.maxInflatedSize().toBytes();
	}

	@Override
	public String id() {
		return "fashion-mnist";
	}

	@Override
	public int version() {
		return 1;
	}

	@Override
	public boolean available() {
		return this.directory != null && Files.isDirectory(this.directory);
	}

	@Override
	public boolean required() {
		return false;
	}

	@Override
	public Content generate() throws IOException {
		Map<String, SplitData> splits = new LinkedHashMap<>();
		splits.put("train", split("train"));
		splits.put("test", split("t10k"));
		Tensor train = splits.get("train").images();
		return new Content(BuiltinDataset.describe(this, "Fashion-MNIST", DatasetKind.IMAGES, 1, train.dim(2),
				train.dim(3), 8, CLASSES, List.of()), splits);
	}

	private SplitData split(String prefix) throws IOException {
		Tensor images = read(prefix + "-images-idx3-ubyte").toImages();
		int[] labels = read(prefix + "-labels-idx1-ubyte").toLabels();
		if (labels.length != images.dim(0)) {
			throw new IOException(prefix + ": " + labels.length + " labels for " + images.dim(0) + " images");
		}
		for (int label : labels) {
			if (label >= CLASSES.size()) {
				throw new IOException(
						prefix + ": label " + label + " is not one of the " + CLASSES.size() + " classes");
			}
		}
		return new SplitData(images, labels, null);
	}

	private Idx.Array read(String name) throws IOException {
		Path plain = this.directory.resolve(name);
		Path file = Files.exists(plain) ? plain : this.directory.resolve(name + ".gz");
		try (InputStream in = Files.newInputStream(file)) {
			return Idx.read(in, this.maxInflatedBytes);
		}
	}

}
