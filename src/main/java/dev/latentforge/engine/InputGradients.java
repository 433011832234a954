package dev.latentforge.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;

/**
 * Differentiable input gradients: ∂(Σ outputs)/∂ inputs as a tensor that is itself part
 * of the autograd graph, so a loss built from it (the WGAN-GP gradient penalty, Gulrajani
 * et al. 2017) can be back-propagated into the parameters that produced the outputs. DJL
 * has no {@code torch.autograd.grad}; its {@code backward(createGraph=true)} computes the
 * same numbers but accumulates graph-carrying gradients into every leaf's {@code .grad},
 * a parameter ↔ gradient reference cycle that DJL cannot break (it cannot reset
 * {@code .grad} to None) and that leaked (the DJL notes: 1.75 MB per step; here about 0.5
 * MB per penalty on a 2→256→256→1 critic). Instead this class runs a three-line
 * TorchScript module whose method calls
 * {@code torch.autograd.grad(outputs, inputs, create_graph=True)}: that returns the
 * gradient without touching any {@code .grad}, so nothing is retained after the step.
 * <p>
 * The module is written at run time from the source below ({@link TorchScriptArchive}).
 * Each instance owns its module; use one per training job.
 */
public final class InputGradients implements AutoCloseable {

	/**
	 * The TorchScript class's method: the gradient of Σ outputs w.r.t. inputs, with its
	 * graph.
	 */
	static final String METHODS = """
			  def forward(self: __torch__.InputGradient,
			    outputs: Tensor,
			    inputs: Tensor) -> Tensor:
			    _0 = torch.autograd.grad([torch.sum(outputs)], [inputs], None, None, True)
			    _1 = _0[0]
			    if torch.__is__(_1, None):
			      ops.prim.RaiseException("inputs do not reach outputs")
			      _2 = inputs
			    else:
			      _2 = unchecked_cast(Tensor, _1)
			    return _2
			""";

	private final PtSymbolBlock module;

	private final ParameterStore store;

	/** Loads the module into a manager that outlives every call (the job's manager). */
	public InputGradients(ai.djl.ndarray.NDManager manager) {
		this.module = TorchScriptArchive.load(manager, "InputGradient", METHODS);
		this.store = new ParameterStore(manager, false);
	}

	/**
	 * ∂(Σ outputs)/∂ inputs, shaped like {@code inputs}, differentiable with respect to
	 * whatever produced {@code outputs} (create_graph). {@code inputs} must require a
	 * gradient and {@code outputs} must have been computed from it with grad mode on
	 * (inside a {@code GradientCollector}). The graph of {@code outputs} is retained for
	 * the caller's backward.
	 */
	public NDArray of(NDArray outputs, NDArray inputs) {
		return this.module.forward(this.store, new NDList(outputs, inputs), true).singletonOrThrow();
	}

	@Override
	public void close() {
		this.module.close();
	}

}
