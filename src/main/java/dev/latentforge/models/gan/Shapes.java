package dev.latentforge.models.gan;

/**
 * The DCGAN geometry implied by an image size: the number of stride-2 stages and the
 * spatial size at the projection. The size is halved while it stays even and at least 4
 * (28 → 14 → 7: two stages from 7×7; 16 → 8 → 4: two from 4×4; 32: three from 4×4; 4:
 * none).
 *
 * @param stages the number of stride-2 stages
 * @param start the spatial size of G's projection and of D's last feature map
 */
record Shapes(int stages, int start) {

	static Shapes of(int height, int width) {
		if (height != width) {
			throw new IllegalArgumentException("a DCGAN needs square images; got " + height + "x" + width);
		}
		int stages = 0;
		int size = height;
		while (size % 2 == 0 && size / 2 >= 4) {
			size /= 2;
			stages++;
		}
		return new Shapes(stages, size);
	}

	/** Filters at stage i of D (i = 0 is the first convolution): filters · 2^i. */
	int discriminatorFilters(int base, int stage) {
		return base << stage;
	}

}
