package dev.latentforge.generation;

import java.util.List;
import java.util.SplittableRandom;

import dev.latentforge.engine.Rng;

/**
 * Draws latent vectors for generation from a seed, and combines them (interpolation,
 * averages). Row {@code i} of a generation with seed {@code s} comes from the generator
 * keyed by (s, i, "latent"): it depends on nothing else, so the first n rows of a larger
 * request equal a request for n rows with the same seed, and a replay draws exactly what
 * the original drew. With a truncation t, every component with |z| > t is redrawn (from
 * the same row's generator) until it falls inside: the truncated normal of BigGAN's
 * "truncation trick".
 */
public final class Latents {

	/** The stream name of latent draws. */
	static final String STREAM = "latent";

	private Latents() {
	}

	/**
	 * Draws latent rows.
	 * @param seed the seed
	 * @param count the rows
	 * @param size the latent size
	 * @param truncation the bound on |z|, or {@code null} for none
	 * @return the rows concatenated, float32 [count, size]
	 */
	public static float[] draw(long seed, int count, int size, Double truncation) {
		Rng rng = new Rng(seed);
		float[] out = new float[count * size];
		for (int row = 0; row < count; row++) {
			SplittableRandom random = rng.at(row, STREAM);
			for (int k = 0; k < size; k++) {
				double z = random.nextGaussian();
				if (truncation != null) {
					while (Math.abs(z) > truncation) {
						z = random.nextGaussian();
					}
				}
				out[row * size + k] = (float) z;
			}
		}
		return out;
	}

	/** One latent row of a seed (row 0 of {@link #draw}). */
	public static float[] one(long seed, int size, Double truncation) {
		return draw(seed, 1, size, truncation);
	}

	/** The mean of the first rows of several seeds: one row per seed. */
	public static float[] mean(List<Long> seeds, int size, Double truncation) {
		float[] mean = new float[size];
		for (long seed : seeds) {
			float[] z = one(seed, size, truncation);
			for (int k = 0; k < size; k++) {
				mean[k] += z[k] / seeds.size();
			}
		}
		return mean;
	}

	/**
	 * Frames from a to b.
	 * @param a the start
	 * @param b the end
	 * @param frames the frames, at least 2 (the first is a, the last b)
	 * @param spherical slerp (along the great circle) instead of lerp
	 * @return the frames concatenated
	 */
	public static float[] interpolate(float[] a, float[] b, int frames, boolean spherical) {
		int size = a.length;
		float[] out = new float[frames * size];
		for (int f = 0; f < frames; f++) {
			double t = (double) f / (frames - 1);
			float[] frame = spherical ? slerp(a, b, t) : lerp(a, b, t);
			System.arraycopy(frame, 0, out, f * size, size);
		}
		return out;
	}

	static float[] lerp(float[] a, float[] b, double t) {
		float[] out = new float[a.length];
		for (int k = 0; k < a.length; k++) {
			out[k] = (float) ((1 - t) * a[k] + t * b[k]);
		}
		return out;
	}

	/**
	 * Spherical interpolation (Shoemake 1985, as White 2016 recommends for GAN latents):
	 * sin((1−t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b with Ω the angle between a and b; falls
	 * back to lerp when they are (anti)parallel within 1e-6.
	 */
	static float[] slerp(float[] a, float[] b, double t) {
		double na = norm(a);
		double nb = norm(b);
		if (na == 0 || nb == 0) {
			return lerp(a, b, t);
		}
		double dot = 0;
		for (int k = 0; k < a.length; k++) {
			dot += a[k] * (double) b[k];
		}
		double cos = Math.max(-1, Math.min(1, dot / (na * nb)));
		double omega = Math.acos(cos);
		double sin = Math.sin(omega);
		if (Math.abs(sin) < 1e-6) {
			return lerp(a, b, t);
		}
		double wa = Math.sin((1 - t) * omega) / sin;
		double wb = Math.sin(t * omega) / sin;
		float[] out = new float[a.length];
		for (int k = 0; k < a.length; k++) {
			out[k] = (float) (wa * a[k] + wb * b[k]);
		}
		return out;
	}

	static double norm(float[] v) {
		double sum = 0;
		for (float x : v) {
			sum += x * (double) x;
		}
		return Math.sqrt(sum);
	}

}
