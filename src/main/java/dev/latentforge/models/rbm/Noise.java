package dev.latentforge.models.rbm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.latentforge.engine.Rng;

/**
 * The random numbers of one step of a job or request: uniform and Gaussian draws from the
 * counter-based {@link Rng}, keyed by (step, stream), turned into arrays. Torch's own RNG
 * is never used, so a resumed job or a repeated request makes the same draws.
 */
final class Noise {

	private final Rng rng;

	private final long step;

	private final String prefix;

	private final NDManager manager;

	Noise(Rng rng, long step, String prefix, NDManager manager) {
		this.rng = rng;
		this.step = step;
		this.prefix = prefix;
		this.manager = manager;
	}

	/** The same step and stream prefix with other arrays' manager. */
	Noise on(NDManager other) {
		return new Noise(this.rng, this.step, this.prefix, other);
	}

	NDArray uniform(Shape shape, String stream) {
		int n = Math.toIntExact(shape.size());
		return this.manager.create(this.rng.uniform(this.step, this.prefix + stream, n, 0f, 1f), shape);
	}

	NDArray gaussian(Shape shape, String stream) {
		int n = Math.toIntExact(shape.size());
		return this.manager.create(this.rng.gaussian(this.step, this.prefix + stream, n, 1f), shape);
	}

	/** Binary draws: 1 where a uniform draw falls below the probability, as float32. */
	NDArray bernoulli(NDArray probabilities, String stream) {
		NDArray u = uniform(probabilities.getShape(), stream);
		if (probabilities.getDataType() != DataType.FLOAT32) {
			u = u.toType(probabilities.getDataType(), false);
		}
		return u.lt(probabilities).toType(probabilities.getDataType(), false);
	}

}
