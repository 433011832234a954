package dev.latentforge.images;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNGs into {@link Image}s (8- or 16-bit, grey or RGB; palette images become RGB;
 * an alpha channel is accepted only when every pixel is opaque) and encodes float images
 * in [0, 1] as 8-bit PNGs.
 */
public final class Png {

	public static final String MEDIA_TYPE = "image/png";

	/** The most pixels a decoded image may have (4096 × 4096). */
	public static final long MAX_PIXELS = 4096L * 4096L;

	private static final byte[] SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private Png() {
	}

	public static boolean looksLikePng(byte[] bytes) {
		if (bytes.length < SIGNATURE.length) {
			return false;
		}
		for (int i = 0; i < SIGNATURE.length; i++) {
			if (bytes[i] != SIGNATURE[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Decodes a PNG.
	 * @param bytes the file's bytes
	 * @return the image
	 * @throws InvalidImageException if the bytes are not a PNG we can use
	 */
	public static Image decode(byte[] bytes) {
		return decode(bytes, 0, 0);
	}

	/**
	 * Decodes a PNG after checking the size its header declares, so that a small file
	 * declaring a huge image is refused before its pixels are allocated.
	 * @param bytes the file's bytes
	 * @param width the required width, or 0 for any (up to {@link #MAX_PIXELS} pixels)
	 * @param height the required height, or 0 for any
	 * @return the image
	 * @throws InvalidImageException if the bytes are not a PNG we can use or have another
	 * size
	 */
	public static Image decode(byte[] bytes, int width, int height) {
		if (!looksLikePng(bytes)) {
			throw new InvalidImageException("not a PNG file (bad signature)");
		}
		BufferedImage image;
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				int declaredWidth = reader.getWidth(0);
				int declaredHeight = reader.getHeight(0);
				if (width > 0 && (declaredWidth != width || declaredHeight != height)) {
					throw new InvalidImageException(
							"image is " + declaredWidth + "x" + declaredHeight + "; expected " + width + "x" + height);
				}
				if ((long) declaredWidth * declaredHeight > MAX_PIXELS) {
					throw new InvalidImageException("image declares " + declaredWidth + "x" + declaredHeight
							+ " pixels; at most " + MAX_PIXELS + " are accepted");
				}
				image = reader.read(0);
			}
			finally {
				reader.dispose();
			}
		}
		catch (InvalidImageException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new InvalidImageException("corrupt PNG: " + ex.getMessage());
		}
		return fromBufferedImage(image);
	}

	static Image fromBufferedImage(BufferedImage image) {
		int width = image.getWidth();
		int height = image.getHeight();
		ColorModel model = image.getColorModel();
		Raster raster = image.getRaster();
		if (model instanceof IndexColorModel palette) {
			int[] samples = new int[3 * height * width];
			boolean grey = true;
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					int index = raster.getSample(x, y, 0);
					if (palette.getAlpha(index) != 255) {
						throw new InvalidImageException("PNG has transparent pixels; use opaque grey or RGB images");
					}
					int r = palette.getRed(index);
					int g = palette.getGreen(index);
					int b = palette.getBlue(index);
					grey &= (r == g && g == b);
					samples[y * width + x] = r;
					samples[height * width + y * width + x] = g;
					samples[2 * height * width + y * width + x] = b;
				}
			}
			if (grey) {
				return new Image(1, height, width, 8, java.util.Arrays.copyOf(samples, height * width));
			}
			return new Image(3, height, width, 8, samples);
		}
		int bands = raster.getNumBands();
		int bitDepth = model.getComponentSize(0);
		if (bitDepth != 8 && bitDepth != 16) {
			throw new InvalidImageException("PNG has " + bitDepth + "-bit samples; only 8- and 16-bit are supported");
		}
		boolean alpha = model.hasAlpha();
		int colourBands = alpha ? bands - 1 : bands;
		if (colourBands != 1 && colourBands != 3) {
			throw new InvalidImageException("PNG has " + bands + " bands; expected grey or RGB");
		}
		if (alpha) {
			int opaque = (1 << bitDepth) - 1;
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					if (raster.getSample(x, y, bands - 1) != opaque) {
						throw new InvalidImageException("PNG has transparent pixels; use opaque grey or RGB images");
					}
				}
			}
		}
		int[] samples = new int[colourBands * height * width];
		for (int c = 0; c < colourBands; c++) {
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					samples[c * height * width + y * width + x] = raster.getSample(x, y, c);
				}
			}
		}
		return new Image(colourBands, height, width, bitDepth, samples);
	}

	/**
	 * Encodes a float image as an 8-bit PNG; values are clamped to [0, 1] and rounded.
	 * @param chw the values in (C, H, W) order
	 * @param channels 1 or 3
	 * @param height the height
	 * @param width the width
	 * @return the PNG bytes
	 */
	public static byte[] encode(float[] chw, int channels, int height, int width) {
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException("can only encode grey or RGB, not " + channels + " channels");
		}
		BufferedImage image = new BufferedImage(width, height,
				channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
		WritableRaster raster = image.getRaster();
		int plane = height * width;
		for (int c = 0; c < channels; c++) {
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					raster.setSample(x, y, c, toByte(chw[c * plane + y * width + x]));
				}
			}
		}
		return write(image);
	}

	/** Quantises a value in [0, 1] to 0..255 the way {@link #encode} does. */
	public static int toByte(float value) {
		float clamped = Float.isNaN(value) ? 0f : Math.max(0f, Math.min(1f, value));
		return Math.round(clamped * 255f);
	}

	public static byte[] write(BufferedImage image) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			if (!ImageIO.write(image, "png", out)) {
				throw new IllegalStateException("no PNG writer available");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
