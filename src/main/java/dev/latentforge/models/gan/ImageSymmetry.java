package dev.latentforge.models.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;

/**
 * Turns or mirrors each of G's images by the element of a {@link GanSpec.Symmetry} that
 * the signs of its latent's first components choose. Every element is a permutation of
 * pixels (transpose and flips of the two spatial axes), so values are moved exactly, and
 * the gradient is moved back by the inverse permutation.
 */
final class ImageSymmetry {

	private ImageSymmetry() {
	}

	/**
	 * The images, each turned or mirrored by its chosen element.
	 * @param symmetry the group ({@code null} and none leave the images as they are)
	 * @param images [B, C, H, W] (H = W when the group turns)
	 * @param latents [B, z] with z ≥ {@link GanSpec.Symmetry#bits()}
	 * @return [B, C, H, W]
	 */
	static NDArray apply(GanSpec.Symmetry symmetry, NDArray images, NDArray latents) {
		if (symmetry == null || symmetry == GanSpec.Symmetry.NONE) {
			return images;
		}
		// [B, bits]: whether each of z's first components is positive
		NDArray chosen = latents.get(new NDIndex(":, 0:{}", symmetry.bits())).gt(0);
		NDArray out = images;
		switch (symmetry) {
			case MIRROR -> out = choose(chosen, 0, out.flip(3), out);
			case ROTATIONS -> {
				out = choose(chosen, 0, quarterTurn(out), out);
				out = choose(chosen, 1, out.flip(2, 3), out);
			}
			case DIHEDRAL -> {
				out = choose(chosen, 0, out.transpose(0, 1, 3, 2), out);
				out = choose(chosen, 1, out.flip(2), out);
				out = choose(chosen, 2, out.flip(3), out);
			}
			default -> throw new IllegalStateException("unknown symmetry " + symmetry);
		}
		return out;
	}

	/** A quarter turn clockwise: pixel (r, c) moves to (c, W − 1 − r). */
	private static NDArray quarterTurn(NDArray images) {
		return images.transpose(0, 1, 3, 2).flip(3);
	}

	/**
	 * Per example: {@code ifSet} where bit {@code bit} of the choice is set, else
	 * {@code otherwise}.
	 */
	private static NDArray choose(NDArray chosen, int bit, NDArray ifSet, NDArray otherwise) {
		long b = chosen.getShape().get(0);
		// [B] -> [B, 1, 1, 1] -> [B, C, H, W]: DJL's where does not broadcast
		NDArray mask = chosen.get(new NDIndex(":, {}", bit)).reshape(b, 1, 1, 1).broadcast(ifSet.getShape());
		return NDArrays.where(mask, ifSet, otherwise);
	}

}
