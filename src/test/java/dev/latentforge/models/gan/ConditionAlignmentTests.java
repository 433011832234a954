package dev.latentforge.models.gan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.GradMode;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.Examples;
import dev.latentforge.models.Generating;
import dev.latentforge.models.LoadedModel;
import dev.latentforge.models.TrainingSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The condition a conditional GAN trains on is the one a caller asks for: the rows fed to
 * G and D in a training batch are that batch's labels (remapped to the selected classes,
 * dropped only to all zeros), G's and D's outputs depend on the condition, and a label
 * named through the loaded model's vocabulary (the {@code /generate} path) is encoded at
 * the index the trainer used for that class.
 */
class ConditionAlignmentTests {

	@TempDir
	static Path dir;

	static Path data;

	@BeforeAll
	static void data() throws Exception {
		GanTesting.oneThread();
		data = SmallShapes.write(dir.resolve("shapes-16"));
	}

	static final String CONFIG = "\"architecture\":\"dcgan\",\"filters\":8,\"latentSize\":8,\"conditional\":true,"
			+ "\"conditionDropout\":0.3";

	@Test
	void trainingConditionsAreTheBatchLabels() throws Exception {
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, GanModelTests.THREE, GanTesting.spec(CONFIG), 16, 4, 9,
					manager);
			GanSpec spec = GanTesting.spec(CONFIG).resolved(session.data().train().info());
			Conditions conditions = Conditions.of(spec, session.spec().dataOrDefault());
			List<String> stored = session.data().train().info().classes();
			assertThat(conditions.vocabulary().labels()).containsExactly("circle", "square", "cross");
			Examples train = session.data().train();
			int kept = 0;
			int dropped = 0;
			for (long step = 1; step <= 4; step++) {
				int[] positions = session.data().batchPositions(step);
				int[] labels = train.labels(positions);
				float[] plain = conditions.encode(train, positions, null);
				float[] withDropout = conditions.encode(train, positions, new SplittableRandom(step));
				int k = conditions.size();
				for (int i = 0; i < positions.length; i++) {
					int expected = conditions.vocabulary().labels().indexOf(stored.get(labels[i]));
					assertThat(expected).isNotNegative();
					for (int j = 0; j < k; j++) {
						assertThat(plain[i * k + j]).isEqualTo(j == expected ? 1f : 0f);
						assertThat(withDropout[i * k + j]).isIn(0f, plain[i * k + j]);
					}
					if (withDropout[i * k + expected] == 1f) {
						kept++;
					}
					else {
						dropped++;
					}
				}
			}
			assertThat(kept).isGreaterThan(dropped);
			assertThat(dropped).isPositive();
		}
	}

	@Test
	void bothPlayersDependOnTheCondition() throws Exception {
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, GanModelTests.THREE, GanTesting.spec(CONFIG), 16, 4, 9,
					manager);
			GanTrainer trainer = new GanTrainer(session);
			trainer.initialise(Optional.empty());
			Players players = trainer.players();
			int k = players.conditionSize;
			float[] latents = new Rng(5).gaussian(0, "z", 4 * 8, 1f);
			double[] differences = new double[2];
			GradMode.off(() -> {
				try (NDManager scratch = manager.newSubManager()) {
					NDArray z = scratch.create(latents, new Shape(4, 8));
					NDArray first = oneHot(scratch, 4, k, 0);
					NDArray second = oneHot(scratch, 4, k, 2);
					NDArray a = players.generate(z, first, false);
					NDArray b = players.generate(z, second, false);
					differences[0] = a.sub(b).abs().max().getFloat();
					NDArray dA = Players.output(players.discriminate(a, first, false));
					NDArray dB = Players.output(players.discriminate(a, second, false));
					differences[1] = dA.sub(dB).abs().max().getFloat();
				}
			});
			assertThat(differences[0]).as("G's output changes with the condition").isGreaterThan(1e-4);
			assertThat(differences[1]).as("D's output changes with the condition").isGreaterThan(1e-6);
		}
	}

	/**
	 * With an auxiliary classifier (AC-GAN) the condition reaches D only through the
	 * projection term: the class head sees the same image under two conditions and gives
	 * the same logits, so it must read the label from the image, while D's real/fake
	 * output still depends on the condition.
	 */
	@Test
	void theAuxiliaryHeadIsNotFedTheCondition() throws Exception {
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, GanModelTests.THREE,
					GanTesting.spec(CONFIG + ",\"auxiliaryClassifier\":1"), 16, 4, 9, manager);
			GanTrainer trainer = new GanTrainer(session);
			trainer.initialise(Optional.empty());
			for (int step = 1; step <= 2; step++) {
				trainer.step(step);
			}
			Players players = trainer.players();
			int k = players.conditionSize;
			float[] latents = new Rng(5).gaussian(0, "z", 4 * 8, 1f);
			double[] differences = new double[3];
			long[] headShape = new long[2];
			GradMode.off(() -> {
				try (NDManager scratch = manager.newSubManager()) {
					NDArray z = scratch.create(latents, new Shape(4, 8));
					NDArray first = oneHot(scratch, 4, k, 0);
					NDArray second = oneHot(scratch, 4, k, 2);
					NDArray image = players.generate(z, first, false);
					NDArray other = players.generate(z, second, false);
					Pass a = players.discriminate(image, first, false);
					Pass b = players.discriminate(image, second, false);
					Pass c = players.discriminate(other, first, false);
					headShape[0] = a.classLogits.getShape().get(0);
					headShape[1] = a.classLogits.getShape().get(1);
					differences[0] = a.classLogits.sub(b.classLogits).abs().max().getFloat();
					differences[1] = Players.output(a).sub(Players.output(b)).abs().max().getFloat();
					differences[2] = a.classLogits.sub(c.classLogits).abs().max().getFloat();
				}
			});
			assertThat(headShape).as("one logit per selected class").containsExactly(4, 3);
			assertThat(differences[0]).as("the head ignores the condition").isZero();
			assertThat(differences[1]).as("D's output still depends on it").isGreaterThan(1e-6);
			assertThat(differences[2]).as("the head reads the image").isGreaterThan(1e-6);
		}
	}

	@Test
	void aNamedLabelThroughTheLoadedModelIsTheTrainedIndex() throws Exception {
		try (NDManager manager = NDManager.newBaseManager()) {
			TrainingSession session = GanTesting.session(data, GanModelTests.THREE, GanTesting.spec(CONFIG), 16, 3, 9,
					manager);
			GanTrainer trainer = new GanTrainer(session);
			trainer.initialise(Optional.empty());
			for (int step = 1; step <= 3; step++) {
				try (NDScope scope = new NDScope()) {
					trainer.step(step);
				}
			}
			int k = trainer.players().conditionSize;
			float[] latents = new Rng(7).gaussian(0, "z", 3 * 8, 1f);
			float[] cross = new float[3 * k];
			for (int i = 0; i < 3; i++) {
				cross[i * k + 2] = 1; // the trainer's index of "cross" among circle,
										// square,
										// cross
			}
			float[] expected = new Monitor(trainer.players(), null, session).sample(manager, latents, cross, 3);
			try (LoadedModel loaded = new GanFamily().load(GanModelTests.checkpoint(trainer, session, 3),
					NDManager.newBaseManager())) {
				Generating model = (Generating) loaded;
				float[] encoded = model.vocabulary().encode(new ConditionVocabulary.Condition("cross", null));
				assertThat(encoded).hasSize(k);
				assertThat(encoded[2]).isEqualTo(1f);
				float[] rows = new float[3 * k];
				for (int i = 0; i < 3; i++) {
					System.arraycopy(encoded, 0, rows, i * k, k);
				}
				float[][] out = new float[1][];
				GradMode.off(() -> {
					try (NDManager scratch = loaded.manager().newSubManager()) {
						out[0] = model
							.generate(scratch.create(latents, new Shape(3, 8)), scratch.create(rows, new Shape(3, k)))
							.toFloatArray();
					}
				});
				assertThat(out[0]).containsExactly(expected);
			}
		}
	}

	/** [rows, k] conditions that all ask for one label. */
	static NDArray oneHot(NDManager manager, int rows, int k, int label) {
		NDArray out = manager.zeros(new Shape(rows, k));
		out.set(new ai.djl.ndarray.index.NDIndex(":, " + label), 1f);
		return out;
	}

}
