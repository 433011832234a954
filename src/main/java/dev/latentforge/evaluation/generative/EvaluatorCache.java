package dev.latentforge.evaluation.generative;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleConsumer;

import ai.djl.ndarray.NDManager;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.files.DurableFiles;
import dev.latentforge.jobs.worker.EvaluationFile;
import dev.latentforge.models.Examples;
import dev.latentforge.tensors.Safetensors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator network of a data set version, trained once and kept on disk under the
 * cache directory ({@code <data-dir>/evaluators/}), keyed by the data set's id, data hash
 * and version, the architecture's version and the step budget. The first evaluation that
 * needs it trains it (in its worker); two that race both train and the first to publish
 * wins (the directory is renamed into place).
 */
public final class EvaluatorCache {

	private static final Logger log = LoggerFactory.getLogger(EvaluatorCache.class);

	private static final String WEIGHTS = "evaluator.safetensors";

	private EvaluatorCache() {
	}

	/**
	 * A ready evaluator network.
	 *
	 * @param network the network
	 * @param testAccuracy its accuracy on the held-out split (the test split, or the
	 * first 2,000 training examples when there is none)
	 * @param steps its training updates
	 * @param cached whether it came from the cache
	 * @param key its cache key
	 */
	public record Ready(EvaluatorNetwork network, double testAccuracy, int steps, boolean cached, String key) {
	}

	/** The cache directory the worker was given, or a temporary one. */
	public static Path directory() {
		String configured = System.getProperty(EvaluationFile.CACHE_DIR_PROPERTY);
		return configured != null ? Path.of(configured)
				: Path.of(System.getProperty("java.io.tmpdir"), "latentforge-evaluators");
	}

	/**
	 * The evaluator of a data set, from the cache or trained now.
	 * @param datasetDir the data set's directory (its train split trains the network)
	 * @param steps the training budget
	 * @param seed the training seed (fixed, so that every node trains the same network)
	 * @param manager owns the network
	 * @param progress receives the training's fraction done
	 */
	public static Ready obtain(Path datasetDir, int steps, long seed, NDManager manager, DoubleConsumer progress)
			throws IOException {
		DatasetInfo info = DatasetFiles.readInfo(datasetDir);
		if (!info.labelled()) {
			throw new IllegalArgumentException("data set '" + info.id() + "' has no labels: the evaluator network "
					+ "is a classifier and needs them");
		}
		String key = info.id().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + info.sha256().substring(0, 16) + "-v"
				+ info.version() + "-a" + EvaluatorNetwork.VERSION + "-s" + steps;
		Path dir = directory().resolve(key);
		EvaluatorNetwork network = new EvaluatorNetwork(info.channels(), info.height(), info.width(),
				info.classes().size(), manager);
		if (Files.isRegularFile(dir.resolve(WEIGHTS))) {
			Safetensors.Contents contents = Safetensors.read(dir.resolve(WEIGHTS));
			network.load(contents.tensors());
			progress.accept(1);
			return new Ready(network, Double.parseDouble(contents.metadata().get("testAccuracy")), steps, true, key);
		}
		Examples train = examples(datasetDir, info, "train");
		Examples test = info.splits().containsKey("test") ? examples(datasetDir, info, "test") : train;
		long started = System.nanoTime();
		network.initialise(new Rng(seed));
		double loss = EvaluatorTraining.train(network, train, steps, new Rng(seed), manager, progress);
		double accuracy = EvaluatorTraining.accuracy(network, test, test == train ? 2000 : Integer.MAX_VALUE, manager);
		log.info("Evaluator {} trained: {} steps in {} s, final loss {}, held-out accuracy {}", key, steps,
				(System.nanoTime() - started) / 1e9, loss, accuracy);
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("dataset", info.id());
		metadata.put("datasetSha256", info.sha256());
		metadata.put("steps", Integer.toString(steps));
		metadata.put("testAccuracy", Double.toString(accuracy));
		metadata.put("finalLoss", Double.toString(loss));
		Files.createDirectories(dir.getParent());
		Path temp = dir.resolveSibling(key + ".tmp-" + UUID.randomUUID());
		Files.createDirectories(temp);
		try {
			DurableFiles.write(temp.resolve(WEIGHTS), Safetensors.toBytes(network.state(), metadata));
			DurableFiles.publish(temp, dir);
		}
		catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException ex) {
			log.info("Evaluator {} was published by another evaluation meanwhile", key);
		}
		finally {
			DurableFiles.deleteRecursively(temp);
		}
		return new Ready(network, accuracy, steps, false, key);
	}

	static Examples examples(Path datasetDir, DatasetInfo info, String split) throws IOException {
		DatasetFiles.SplitData data = DatasetFiles.readSplit(datasetDir, split);
		return new Examples(info, data.images(), data.labels(), EvaluatorTraining.range(0, data.count()));
	}

}
