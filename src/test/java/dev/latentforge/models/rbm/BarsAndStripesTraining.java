package dev.latentforge.models.rbm;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.latentforge.checkpoints.CheckpointManifest;
import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.datasets.builtin.BarsAndStripes;
import dev.latentforge.datasets.builtin.BuiltinDataset;
import dev.latentforge.jobs.worker.JobFile;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.OptimizerSpec;
import dev.latentforge.models.TrainingSpec;

/** The bars-and-stripes data set on disk, and worker job files that train on it. */
final class BarsAndStripesTraining {

	private BarsAndStripesTraining() {
	}

	/** The 30 distinct 4×4 patterns as rows of 0 and 1. */
	static double[][] patterns() {
		double[][] out = new double[30][16];
		int n = 0;
		for (int mask = 0; mask < 16; mask++) {
			out[n++] = pattern(mask, true);
		}
		for (int mask = 1; mask < 15; mask++) {
			out[n++] = pattern(mask, false);
		}
		return out;
	}

	private static double[] pattern(int mask, boolean bars) {
		double[] pixels = new double[16];
		for (int y = 0; y < 4; y++) {
			for (int x = 0; x < 4; x++) {
				pixels[y * 4 + x] = (mask >> (bars ? x : y)) & 1;
			}
		}
		return pixels;
	}

	/** Whether a binary 4×4 image is one of the 30 patterns. */
	static boolean valid(float[] image, int offset) {
		boolean bars = true;
		boolean stripes = true;
		for (int y = 0; y < 4; y++) {
			for (int x = 0; x < 4; x++) {
				float value = image[offset + y * 4 + x];
				bars &= value == image[offset + x];
				stripes &= value == image[offset + y * 4];
			}
		}
		return bars || stripes;
	}

	static DatasetInfo write(Path dir) throws Exception {
		Path target = dir.resolve("bars-and-stripes");
		if (Files.exists(target)) {
			return DatasetFiles.readInfo(target);
		}
		BuiltinDataset.Content content = new BarsAndStripes().generate();
		return DatasetFiles.write(target, content.info(), content.splits());
	}

	static JobFile job(Path dir, DatasetInfo dataset, String jobId, int attempt, ModelSpec model, long steps, int batch,
			OptimizerSpec optimizer, int checkpointEvery, String resumeFrom) {
		JobSpec spec = new JobSpec("test", dataset.id(), DataSelection.all(), model,
				new TrainingSpec(steps, null, batch, optimizer, 7L, checkpointEvery, null).resolved(960, 7L), 0, "cpu");
		return new JobFile(jobId, attempt, model instanceof DbnSpec ? "dbn" : "rbm", spec,
				new CheckpointManifest.DatasetRef(dataset.id(), dataset.sha256(), dataset.version(), 1, 4, 4, 8),
				dir.resolve("bars-and-stripes").toString(),
				dir.resolve("jobs").resolve(jobId).resolve("a" + attempt).toString(), resumeFrom, "cpu", null);
	}

}
