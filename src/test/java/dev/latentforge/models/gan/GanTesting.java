package dev.latentforge.models.gan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.latentforge.checkpoints.CheckpointData;
import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelSpec;
import tools.jackson.databind.json.JsonMapper;
import dev.latentforge.models.TrainingData;
import dev.latentforge.models.TrainingSession;
import dev.latentforge.models.TrainingSpec;

/** Builds in-process GAN training sessions for tests. */
final class GanTesting {

	private GanTesting() {
	}

	/**
	 * Runs torch on one intra-op thread: the test machines have two cores shared by
	 * several builds, where more threads only contend.
	 */
	static void oneThread() {
		ai.djl.engine.Engine.getInstance();
		ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
	}

	static final JsonMapper JSON = ModelFamilies.discover().jsonMapper();

	/** A spec as a client writes it: the fields of a {@code "type": "gan"} object. */
	static GanSpec spec(String fields) {
		String json = "{\"type\":\"gan\"" + (fields.isBlank() ? "" : "," + fields) + "}";
		return (GanSpec) JSON.readValue(json, ModelSpec.class);
	}

	/** Writes a built-in data set into a directory. */
	static Path write(BuiltinDataset builtin, Path dir) throws Exception {
		BuiltinDataset.Content content = builtin.generate();
		DatasetFiles.write(dir, content.info(), content.splits());
		return dir;
	}

	static TrainingSession session(Path datasetDir, DataSelection selection, GanSpec raw, int batch, long steps,
			long seed, NDManager manager) throws Exception {
		DatasetInfo info = DatasetFiles.readInfo(datasetDir);
		GanSpec spec = raw.resolved(info);
		TrainingSpec training = new TrainingSpec(steps, null, batch, null, seed, (int) steps, null).resolved(1000,
				seed);
		JobSpec job = new JobSpec("test", info.id(), selection, spec, training, 0, "cpu");
		Rng rng = new Rng(seed);
		TrainingData data = TrainingData.load(datasetDir, selection != null ? selection : DataSelection.all(), batch,
				rng);
		return new TrainingSession(job, steps, data, manager, Device.cpu(), rng);
	}

	static DatasetInfo info(String id, DatasetInfo.DatasetKind kind, int channels, int size, List<String> classes) {
		return new DatasetInfo(id, id, kind, false, channels, size, size,
				kind == DatasetInfo.DatasetKind.POINTS ? 32 : 8, classes, List.of(), Map.of(), null, 1, 0,
				Instant.parse("2026-01-01T00:00:00Z"));
	}

	/**
	 * A trainer's state as a checkpoint in a directory, as a worker writes one: its
	 * parameters and optimizer state, with a manifest naming the session's spec, seed and
	 * the data set's image geometry.
	 */
	static CheckpointData checkpoint(Path dir, GanTrainer trainer, TrainingSession session, long step) {
		DatasetInfo info = session.data().train().info();
		Players players = trainer.players();
		CheckpointManifest manifest = new CheckpointManifest(1, "job", 1, step, session.totalSteps(), "gan",
				session.spec(), new CheckpointManifest.DatasetRef(info.id(), "x", 1, players.channels, players.height,
						players.width, 8),
				session.rng().seed(), 1, "cpu", null, Map.of(), Map.of(), Map.of(), Instant.now());
		return new CheckpointData(dir, manifest, trainer.parameters(), trainer.optimizerState());
	}

}
