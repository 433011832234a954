package dev.latentforge.models.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.latentforge.models.ConditionVocabulary;
import dev.latentforge.models.Generating;
import dev.latentforge.models.LoadedModel;

/**
 * A trained GAN's generator loaded for inference: latents N(0, I) [B, latentSize] (and
 * encoded conditions [B, K]) → images in [0, 1] (G's tanh output mapped by (x + 1) / 2)
 * or points in the data's units. Batch norm uses its running statistics and virtual batch
 * norm its stored reference batch, so every row's result depends on that row alone.
 */
final class GanModel implements LoadedModel, Generating {

	private final Players players;

	private final NDManager manager;

	private final ConditionVocabulary vocabulary;

	GanModel(Players players, NDManager manager, ConditionVocabulary vocabulary) {
		this.players = players;
		this.manager = manager;
		this.vocabulary = vocabulary;
	}

	@Override
	public int latentSize() {
		return this.players.spec.latentSize();
	}

	@Override
	public ConditionVocabulary vocabulary() {
		return this.vocabulary;
	}

	@Override
	public NDArray generate(NDArray latents, NDArray conditions) {
		if (this.players.conditionSize > 0 && conditions == null) {
			conditions = latents.getManager()
				.zeros(new ai.djl.ndarray.types.Shape(latents.getShape().get(0), this.players.conditionSize));
		}
		NDArray x = this.players.generate(latents, this.players.conditionSize > 0 ? conditions : null, false);
		return this.players.points ? x : x.add(1).div(2);
	}

	@Override
	public NDManager manager() {
		return this.manager;
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
