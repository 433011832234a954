package dev.latentforge.models.rbm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.ChainSampling;

/**
 * Gibbs chains of an RBM, or of a DBN's top RBM followed by a down pass. For an RBM the
 * state is the visible layer and a transition samples h ~ p(h | v) then v ~ p(v | h);
 * {@link #images} gives v or its mean E[v | h]. For a DBN the state is the top RBM's
 * visible layer (the units below the top); a transition is one Gibbs step in the top RBM,
 * and the images come from a down pass that samples each lower layer from p(h_{l−1} |
 * h_l) and ends in the bottom layer's means (or a sample of them). Draws come from the
 * streams {@code gibbs/*} keyed by the step.
 */
final class GibbsChain implements ChainSampling.Chain {

	private final RbmStack stack;

	private final int[] imageShape;

	private NDArray state;

	private NDArray means;

	private NDArray sample;

	private GibbsChain(RbmStack stack, int[] imageShape) {
		this.stack = stack;
		this.imageShape = imageShape;
	}

	/**
	 * Starts chains.
	 * @param start images [n, C, H, W] in [0, 1], or {@code null} for draws from the
	 * visible biases alone
	 */
	static GibbsChain start(RbmStack stack, int[] imageShape, NDManager manager, int chains, NDArray start, Rng rng) {
		GibbsChain chain = new GibbsChain(stack, imageShape);
		try (NDScope scope = new NDScope()) {
			Noise noise = new Noise(rng, 0, "gibbs/", manager);
			int layers = stack.layers().size();
			Rbm top = stack.top();
			NDArray state;
			if (start != null) {
				NDArray visible = stack.visibleFromImages(start.reshape(chains, stack.inputSize()));
				NDArray bottom = stack.layer(0).visible() == Rbm.Visible.BERNOULLI ? noise.bernoulli(visible, "start")
						: visible;
				state = stack.sampleUp(bottom, layers - 1, noise);
			}
			else {
				NDArray bias = top.b().broadcast(new Shape(chains, top.visibleUnits()));
				state = top.visible() == Rbm.Visible.BERNOULLI ? noise.bernoulli(Activation.sigmoid(bias), "start")
						: bias.add(noise.gaussian(bias.getShape(), "start"));
			}
			chain.state = state.duplicate();
			chain.state.attach(manager);
			chain.render(noise, state);
			NDScope.unregister(chain.state);
		}
		return chain;
	}

	private void render(Noise noise, NDArray visibleMeansOfTop) {
		NDArray[] pair;
		if (this.stack.layers().size() == 1) {
			pair = new NDArray[] { visibleMeansOfTop, this.state };
		}
		else {
			pair = this.stack.downPass(this.state, noise);
		}
		replace(this.stack.imagesFromVisible(pair[0]), this.stack.imagesFromVisible(pair[1]));
	}

	private void replace(NDArray newMeans, NDArray newSample) {
		if (this.means != null) {
			this.means.close();
			this.sample.close();
		}
		this.means = newMeans;
		this.sample = newSample;
		NDScope.unregister(this.means, this.sample);
	}

	@Override
	public void step(long step, Rng rng) {
		try (NDScope scope = new NDScope()) {
			NDManager manager = this.state.getManager();
			Noise noise = new Noise(rng, step, "gibbs/", manager);
			Rbm top = this.stack.top();
			NDArray hidden = noise.bernoulli(top.hiddenProbabilities(this.state), "h");
			NDArray visibleMeans = top.visibleMeans(hidden);
			NDArray next = top.sampleVisible(visibleMeans, noise, "v");
			NDScope.unregister(next);
			this.state.close();
			this.state = next;
			render(noise, visibleMeans);
		}
	}

	@Override
	public NDArray images(boolean meansWanted) {
		NDArray chosen = meansWanted ? this.means : this.sample;
		long chains = chosen.getShape().get(0);
		return chosen.reshape(new Shape(chains, this.imageShape[0], this.imageShape[1], this.imageShape[2]));
	}

	@Override
	public void clamp(NDArray known, NDArray mask) {
		if (this.stack.layers().size() != 1) {
			throw new UnsupportedOperationException("a DBN's chain state is its top layer, not the pixels");
		}
		try (NDScope scope = new NDScope()) {
			long chains = this.state.getShape().get(0);
			NDArray k = this.stack.visibleFromImages(known.reshape(chains, -1));
			NDArray m = mask.reshape(chains, -1);
			NDArray keep = m.neg().add(1f);
			NDArray next = this.state.mul(keep).addi(k.mul(m));
			NDArray knownImages = known.reshape(chains, -1);
			NDArray newMeans = this.means.mul(keep).addi(knownImages.mul(m));
			NDArray newSample = this.sample.mul(keep).addi(knownImages.mul(m));
			NDScope.unregister(next);
			this.state.close();
			this.state = next;
			replace(newMeans, newSample);
		}
	}

}
