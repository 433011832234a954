package dev.latentforge.engine.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.latentforge.engine.TorchScriptArchive;

/**
 * A 2-D convolution (cross-correlation, PyTorch's {@code conv2d}) that bypasses oneDNN,
 * because the engine's CPU convolution through oneDNN is wrong on this project's
 * machines. Every convolution of this service goes through here.
 * <p>
 * <b>The fault.</b> libtorch 2.7.1 runs float32 CPU convolutions through oneDNN 3.7.1,
 * which stores channels in blocks of 16. Measured on this project's 2-core AMD EPYC
 * (AVX-512) CI machines:
 * <ul>
 * <li><b>NaN from finite inputs.</b> Where a channel count is not a multiple of 16, the
 * padded lanes hold whatever reused memory held, and a leftover NaN turns whole output
 * channels NaN, in every later call that reuses the block. A 3×3 convolution from 100 to
 * 48 channels, repeated 6,000 times on fixed inputs, went NaN from call 392 to 3,800 on
 * in every run (with the oneDNN ISA capped at AVX2 and with its primitive cache off
 * alike); 36, 68 and 116 input channels now and then; the backward pass through 8 output
 * channels gave NaN input gradients 3 times in 6,000. In GAN training it showed as a run
 * that went NaN after 20 to 30 steps. PyTorch issue 109985 ("Conv2d returns nan for no
 * reason") reports the same.</li>
 * <li><b>Wrong input gradients, every time.</b> The backward pass of a stride-2
 * convolution from 48 channels gives input gradients off by up to 2 (of values near 10)
 * in channels 32 to 47, deterministically, even with both channel counts multiples of 16;
 * 20 → 3 channels at stride 1 is wrong too. Padding channels to multiples of 16 (the
 * first workaround tried) fixes the NaN but not this.</li>
 * </ul>
 * <b>The workaround.</b> libtorch's own non-oneDNN convolution, {@code
 * aten::_slow_conv2d_forward} (im2col and a BLAS matrix product, with its own backward),
 * called through a one-line TorchScript module ({@link TorchScriptArchive}): DJL exposes
 * no switch for oneDNN ({@code torch.backends.mkldnn.enabled}) and no direct call of that
 * operator. It costs speed: a forward and backward pass of the service's layer shapes
 * takes 0.85 to 2.8 times oneDNN's time ({@code bench/convolutions/results.md}). An
 * im2col written with DJL's slicing was correct but slower still (2 to 14 times), and
 * aten::im2col with a matrix product no faster. On a GPU the engine's convolution (cuDNN)
 * is used as it is. {@code ConvolutionsTests} checks values and gradients against the
 * definition in double precision (including the shapes above) and repeats the NaN shapes
 * 1,000 times.
 */
public final class Convolutions {

	/**
	 * The TorchScript class's method: the convolution of x [N, C, H, W] with weight [O,
	 * C, kh, kw] and bias [O] at the stride and padding {@code geometry} [2] holds.
	 */
	static final String METHODS = """
			  def forward(self: __torch__.Convolution,
			    x: Tensor,
			    weight: Tensor,
			    bias: Tensor,
			    geometry: Tensor) -> Tensor:
			    stride = int(geometry[0])
			    padding = int(geometry[1])
			    kernel = [torch.size(weight, 2), torch.size(weight, 3)]
			    return ops.aten._slow_conv2d_forward(x, weight, kernel, bias, [stride, stride], [padding, padding])
			""";

	private Convolutions() {
	}

	/**
	 * The convolution of a batch.
	 * @param x [N, in, H, W]
	 * @param weight [out, in, kh, kw]
	 * @param bias [out], or {@code null}
	 * @param stride s ≥ 1 (both axes)
	 * @param padding p ≥ 0 zeros on every side
	 * @return [N, out, (H + 2p − kh) / s + 1, (W + 2p − kw) / s + 1]
	 */
	public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
		Shape shape = x.getShape();
		Shape kernelShape = weight.getShape();
		if (shape.dimension() != 4 || kernelShape.dimension() != 4 || kernelShape.get(1) != shape.get(1)) {
			throw new IllegalArgumentException("weight " + kernelShape + " does not fit input " + shape
					+ "; expected [out, " + (shape.dimension() > 1 ? shape.get(1) : "in") + ", kh, kw]");
		}
		if (stride < 1 || padding < 0) {
			throw new IllegalArgumentException("need stride ≥ 1 and padding ≥ 0; got " + stride + ", " + padding);
		}
		if (shape.get(2) + 2L * padding < kernelShape.get(2) || shape.get(3) + 2L * padding < kernelShape.get(3)) {
			throw new IllegalArgumentException("kernel " + kernelShape.get(2) + "x" + kernelShape.get(3)
					+ " does not fit input " + shape + " padded by " + padding);
		}
		if (!Device.Type.CPU.equals(x.getDevice().getDeviceType())) {
			// oneDNN serves CPUs only; on a GPU the engine's convolution is cuDNN's
			return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding))
				.singletonOrThrow();
		}
		NDManager manager = x.getManager();
		NDArray b = bias != null ? bias : manager.zeros(new Shape(kernelShape.get(0)), x.getDataType());
		NDArray geometry = manager.create(new long[] { stride, padding });
		boolean grad = JniUtils.isGradMode();
		PtSymbolBlock module = grad ? Modules.TRAINING : Modules.INFERENCE;
		return module.forward(Modules.STORE, new NDList(x, weight, b, geometry), grad).singletonOrThrow();
	}

	/**
	 * The TorchScript module, loaded once per process: one for calls with grad mode on
	 * and one for calls with it off, so that neither ever switches mode under a
	 * concurrent caller.
	 */
	private static final class Modules {

		static final NDManager MANAGER = NDManager.newBaseManager(Device.cpu());

		static final ParameterStore STORE = new ParameterStore(MANAGER, false);

		static final PtSymbolBlock TRAINING = TorchScriptArchive.load(MANAGER, "Convolution", METHODS);

		static final PtSymbolBlock INFERENCE = TorchScriptArchive.load(MANAGER, "Convolution", METHODS);

	}

}
