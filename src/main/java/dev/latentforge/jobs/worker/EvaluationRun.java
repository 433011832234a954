package dev.latentforge.jobs.worker;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointFiles;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Rng;
import dev.latentforge.files.DurableFiles;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ModelEvaluator;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's evaluation mode: reads the checkpoint and the data set split, runs the
 * family's {@link ModelEvaluator}, writes the results to the result file and reports
 * {@code done}. Progress goes out as {@code progress} lines with step/total in
 * thousandths.
 */
final class EvaluationRun {

	private static final Logger log = LoggerFactory.getLogger(EvaluationRun.class);

	private final EvaluationFile file;

	private final ModelFamilies families;

	private final JsonMapper json;

	private final ProtocolWriter protocol;

	EvaluationRun(EvaluationFile file, ModelFamilies families, JsonMapper json, ProtocolWriter protocol) {
		this.file = file;
		this.families = families;
		this.json = json;
		this.protocol = protocol;
	}

	int run() throws Exception {
		if (this.file.cacheDir() != null) {
			System.setProperty(EvaluationFile.CACHE_DIR_PROPERTY, this.file.cacheDir());
		}
		System.setProperty(EvaluationFile.DATASET_DIR_PROPERTY, this.file.datasetDir());
		ModelFamily family = this.families.require(this.file.family());
		ModelEvaluator evaluator = family.evaluator()
			.orElseThrow(() -> new IllegalArgumentException("family " + family.type() + " has no evaluator"));
		CheckpointData checkpoint = CheckpointFiles.read(Path.of(this.file.checkpointDir()), this.json);
		Path datasetDir = Path.of(this.file.datasetDir());
		DatasetInfo info = DatasetFiles.readInfo(datasetDir);
		DatasetFiles.SplitData split = DatasetFiles.readSplit(datasetDir, this.file.split());
		int[] indices = new int[split.count()];
		for (int i = 0; i < indices.length; i++) {
			indices[i] = i;
		}
		Examples examples = new Examples(info, split.images(), split.labels(), indices);
		log.info("Evaluation {}: {} on {} examples of {}/{}", this.file.evaluationId(), this.file.metrics(),
				indices.length, info.id(), this.file.split());
		this.protocol.progress(0, 1000, 0, "evaluating", null, null, null, null);
		AtomicLong last = new AtomicLong(-1);
		List<ModelEvaluator.Result> results;
		try (NDManager manager = NDManager.newBaseManager()) {
			results = evaluator.evaluate(new ModelEvaluator.Input(this.file.spec(), checkpoint, examples,
					this.file.metrics(), this.file.options(), manager, new Rng(this.file.seed()), (fraction) -> {
						long step = Math.round(Math.max(0, Math.min(1, fraction)) * 1000);
						if (last.getAndSet(step) != step) {
							this.protocol.progress(step, 1000, 0, "evaluating", null, null, null, null);
						}
					}));
		}
		DurableFiles.write(Path.of(this.file.resultFile()),
				this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(results));
		this.protocol.done(1000, WorkerMessage.COMPLETED);
		return 0;
	}

}
