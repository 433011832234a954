package dev.latentforge.generation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latentforge.web.ApiException;

/**
 * The inputs of a latent walk, as a generation records them so that a replay walks the
 * same path: an interpolation's method, frames and ends (two seeds or two latent
 * vectors), or the three seed lists of vector arithmetic. The latents follow from these,
 * the model's latent size and the truncation alone.
 *
 * @param method {@code slerp} or {@code lerp} (interpolation)
 * @param frames frames including both ends (interpolation)
 * @param seeds the two seeds whose first latent rows are the ends, or null
 * @param latents the two ends as latent vectors, or null
 * @param a seeds of concept A (arithmetic)
 * @param b seeds of concept B (arithmetic)
 * @param c seeds of concept C (arithmetic)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LatentWalk(String method, Integer frames, List<Long> seeds, List<float[]> latents, List<Long> a, List<Long> b,
		List<Long> c) {

	/** The labels of an arithmetic strip's four images. */
	static final List<String> ARITHMETIC_FRAMES = List.of("mean(a)", "mean(b)", "mean(c)",
			"mean(a) - mean(b) + mean(c)");

	static LatentWalk interpolation(String method, int frames, List<Long> seeds, List<float[]> latents) {
		return new LatentWalk(method, frames, seeds, latents, null, null, null);
	}

	static LatentWalk arithmetic(List<Long> a, List<Long> b, List<Long> c) {
		return new LatentWalk(null, null, null, null, a, b, c);
	}

	/** Interpolation or arithmetic: an arithmetic walk is the one with seed lists. */
	@JsonIgnore
	Generation.Kind kind() {
		return this.a != null ? Generation.Kind.ARITHMETIC : Generation.Kind.INTERPOLATE;
	}

	/** The number of images the walk answers. */
	@JsonIgnore
	int count() {
		return kind() == Generation.Kind.INTERPOLATE ? this.frames : ARITHMETIC_FRAMES.size();
	}

	/** The seed a receipt shows: an interpolation's first end seed, else none. */
	@JsonIgnore
	Long receiptSeed() {
		return this.seeds != null ? this.seeds.get(0) : null;
	}

	/**
	 * The walk's latent rows [count, latentSize].
	 * @param size the model's latent size
	 * @param truncation applied to every seed's draw, or null
	 * @return the rows, concatenated
	 */
	float[] path(int size, Double truncation) {
		if (kind() == Generation.Kind.INTERPOLATE) {
			boolean bySeeds = this.seeds != null;
			float[] from = bySeeds ? Latents.one(this.seeds.get(0), size, truncation)
					: checked(this.latents.get(0), size, "latents[0]");
			float[] to = bySeeds ? Latents.one(this.seeds.get(1), size, truncation)
					: checked(this.latents.get(1), size, "latents[1]");
			return Latents.interpolate(from, to, this.frames, "slerp".equals(this.method));
		}
		float[] meanA = Latents.mean(this.a, size, truncation);
		float[] meanB = Latents.mean(this.b, size, truncation);
		float[] meanC = Latents.mean(this.c, size, truncation);
		float[] all = new float[4 * size];
		System.arraycopy(meanA, 0, all, 0, size);
		System.arraycopy(meanB, 0, all, size, size);
		System.arraycopy(meanC, 0, all, 2 * size, size);
		for (int k = 0; k < size; k++) {
			all[3 * size + k] = meanA[k] - meanB[k] + meanC[k];
		}
		return all;
	}

	/** Rows of {@code values} [count, size] as a list, for JSON. */
	static List<float[]> rows(float[] values, int count) {
		int size = values.length / count;
		List<float[]> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			out.add(Arrays.copyOfRange(values, i * size, (i + 1) * size));
		}
		return out;
	}

	private static float[] checked(float[] latent, int size, String field) {
		if (latent.length != size) {
			throw ApiException.invalid(field, "has " + latent.length + " values; the model's latent size is " + size);
		}
		for (float value : latent) {
			if (!Float.isFinite(value)) {
				throw ApiException.invalid(field, "values must be finite numbers");
			}
		}
		return latent;
	}

}
