package dev.latentforge.engine;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Counter-based randomness: every draw comes from a generator keyed by (seed, step,
 * stream), so a job resumed at step s makes exactly the draws the uninterrupted run made,
 * with no saved RNG state. Keys are mixed with SplitMix64's finaliser; a stream is named
 * by a string (for example {@code "shuffle"} or {@code "init/encoder.0.weight"}) and
 * hashed with 64-bit FNV-1a.
 */
public final class Rng {

	private final long seed;

	public Rng(long seed) {
		this.seed = seed;
	}

	public long seed() {
		return this.seed;
	}

	/** The generator for one (step, stream) key. */
	public SplittableRandom at(long step, String stream) {
		return new SplittableRandom(key(this.seed, step, hash(stream)));
	}

	/** n standard-normal draws scaled by {@code std}. */
	public float[] gaussian(long step, String stream, int n, float std) {
		SplittableRandom random = at(step, stream);
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			out[i] = (float) (random.nextGaussian() * std);
		}
		return out;
	}

	/** n uniform draws in [low, high). */
	public float[] uniform(long step, String stream, int n, float low, float high) {
		SplittableRandom random = at(step, stream);
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			out[i] = (float) (low + (high - low) * random.nextDouble());
		}
		return out;
	}

	/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
	public int[] permutation(long step, String stream, int n) {
		SplittableRandom random = at(step, stream);
		int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			out[i] = i;
		}
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int t = out[i];
			out[i] = out[j];
			out[j] = t;
		}
		return out;
	}

	static long key(long seed, long step, long stream) {
		long z = mix(seed ^ 0x9E3779B97F4A7C15L);
		z = mix(z ^ mix(step + 0x632BE59BD9B4E019L));
		return mix(z ^ mix(stream + 0x85157AF5L));
	}

	static long mix(long value) {
		long z = value;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	static long hash(String name) {
		long h = 0xCBF29CE484222325L;
		for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
			h ^= (b & 0xFF);
			h *= 0x100000001B3L;
		}
		return h;
	}

}
