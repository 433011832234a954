package dev.latentforge.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
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
 * The module is written here, at run time, as a TorchScript archive (a zip holding
 * {@code version}, {@code data.pkl}, {@code constants.pkl} and {@code code/__torch__.py};
 * libtorch compiles the code when it loads the archive), so the service needs neither
 * Python nor a binary resource: the source below is all there is to review. Each instance
 * owns its module; use one per training job.
 */
public final class InputGradients implements AutoCloseable {

	/** The TorchScript class: the gradient of Σ outputs w.r.t. inputs, with its graph. */
	static final String CODE = """
			class InputGradient(Module):
			  __parameters__ = []
			  __buffers__ = []
			  training : bool
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
		try {
			this.module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive()), true, false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

	/** The TorchScript archive of {@link #CODE}. */
	static byte[] archive() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			// TorchScript format version; 10 is within libtorch 2.x's supported range and
			// newer than every operator upgrader, so the code is read as written
			stored(zip, "archive/version", "10\n".getBytes(StandardCharsets.US_ASCII));
			stored(zip, "archive/data.pkl", moduleState());
			stored(zip, "archive/constants.pkl", new byte[] { (byte) 0x80, 2, ')', '.' });
			stored(zip, "archive/code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The module object as pickle protocol 2: {@code __torch__.InputGradient} created
	 * with no arguments, then its one attribute {@code training = True} set by BUILD.
	 */
	private static byte[] moduleState() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0x80); // PROTO 2
		out.write(2);
		out.writeBytes("c__torch__\nInputGradient\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
		out.write(')'); // EMPTY_TUPLE
		out.write(0x81); // NEWOBJ
		out.write('}'); // EMPTY_DICT
		out.write('('); // MARK
		byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
		out.write('X'); // BINUNICODE, 4-byte little-endian length
		out.write(key.length);
		out.write(0);
		out.write(0);
		out.write(0);
		out.writeBytes(key);
		out.write(0x88); // NEWTRUE
		out.write('u'); // SETITEMS
		out.write('b'); // BUILD
		out.write('.'); // STOP
		return out.toByteArray();
	}

	private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
		ZipEntry entry = new ZipEntry(name);
		entry.setMethod(ZipEntry.STORED);
		entry.setSize(content.length);
		entry.setCompressedSize(content.length);
		CRC32 crc = new CRC32();
		crc.update(content);
		entry.setCrc(crc.getValue());
		zip.putNextEntry(entry);
		zip.write(content);
		zip.closeEntry();
	}

}
