package dev.latentforge.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A TorchScript module written at run time from its source: a zip holding
 * {@code version}, {@code data.pkl}, {@code constants.pkl} and {@code code/__torch__.py}
 * (libtorch compiles the code when it loads the archive), so the service needs neither
 * Python nor a binary resource: the source is all there is to review. The module has no
 * parameters or buffers, only its {@code training} flag; this class writes the class
 * header that declares exactly that, to match the pickled state, and callers give the
 * methods.
 */
public final class TorchScriptArchive {

	private TorchScriptArchive() {
	}

	/**
	 * Loads a module into a manager that outlives every call.
	 * @param className the class's name, under {@code __torch__}
	 * @param methods the class's methods ({@code forward} at least) in TorchScript's
	 * serialised form, indented by two spaces, {@code self} typed
	 * {@code __torch__.<className>}
	 */
	public static PtSymbolBlock load(NDManager manager, String className, String methods) {
		String code = "class " + className + "(Module):\n  __parameters__ = []\n  __buffers__ = []\n"
				+ "  training : bool\n" + methods;
		try {
			return JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive(className, code)), true,
					false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The archive's bytes. */
	static byte[] archive(String className, String code) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			// TorchScript format version; 10 is within libtorch 2.x's supported range and
			// newer than every operator upgrader, so the code is read as written
			stored(zip, "archive/version", "10\n".getBytes(StandardCharsets.US_ASCII));
			stored(zip, "archive/data.pkl", moduleState(className));
			stored(zip, "archive/constants.pkl", new byte[] { (byte) 0x80, 2, ')', '.' });
			stored(zip, "archive/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The module object as pickle protocol 2: {@code __torch__.<className>} created with
	 * no arguments, then its one attribute {@code training = True} set by BUILD.
	 */
	private static byte[] moduleState(String className) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0x80); // PROTO 2
		out.write(2);
		out.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
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
