package dev.latentforge.datasets.builtin;

/**
 * The shapes of the {@code shapes} data set, in label order, each defined inside the disc
 * of radius {@code r} around the origin (so any rotation stays inside it), upright at
 * rotation 0, with y pointing down as in images.
 */
enum Shape {

	/** A filled disc of radius r. */
	CIRCLE,
	/** A filled square whose corners lie on the circle of radius r. */
	SQUARE,
	/** A filled equilateral triangle, point up, with its corners on the circle. */
	TRIANGLE,
	/** Two perpendicular bars of width w whose outer corners lie on the circle. */
	CROSS,
	/** An annulus between radii r − w and r. */
	RING,
	/** A filled five-pointed star, point up, inner radius 0.45 r. */
	STAR;

	private static final double[][] TRIANGLE_UNIT = polygon(3, 1.0);

	private static final double[][] STAR_UNIT = polygon(5, 0.45);

	/** Whether the shape has a stroke width (the others are filled). */
	boolean stroked() {
		return this == CROSS || this == RING;
	}

	/** The class name. */
	String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Whether a point, in the shape's own (unrotated) coordinates, is inside.
	 * @param u x offset from the centre
	 * @param v y offset from the centre (down)
	 * @param r the outer radius
	 * @param w the stroke width (cross and ring)
	 */
	boolean contains(double u, double v, double r, double w) {
		double squared = u * u + v * v;
		if (squared > r * r) {
			return false;
		}
		return switch (this) {
			case CIRCLE -> true;
			case SQUARE -> {
				double half = r / StrictMath.sqrt(2);
				yield Math.abs(u) <= half && Math.abs(v) <= half;
			}
			case TRIANGLE -> inside(TRIANGLE_UNIT, u / r, v / r);
			case CROSS -> {
				double half = w / 2;
				double length = StrictMath.sqrt(r * r - half * half);
				yield (Math.abs(u) <= half && Math.abs(v) <= length) || (Math.abs(v) <= half && Math.abs(u) <= length);
			}
			case RING -> squared >= (r - w) * (r - w);
			case STAR -> inside(STAR_UNIT, u / r, v / r);
		};
	}

	/**
	 * A regular polygon (inner radius 1) or star (inner radius below 1) of unit outer
	 * radius with a point straight up; StrictMath keeps it identical on every machine.
	 */
	private static double[][] polygon(int points, double innerRadius) {
		boolean star = innerRadius < 1.0;
		int count = star ? 2 * points : points;
		double[] xs = new double[count];
		double[] ys = new double[count];
		for (int i = 0; i < count; i++) {
			double angle = -Math.PI / 2 + 2 * Math.PI * i / count;
			double radius = (star && i % 2 == 1) ? innerRadius : 1.0;
			xs[i] = radius * StrictMath.cos(angle);
			ys[i] = radius * StrictMath.sin(angle);
		}
		return new double[][] { xs, ys };
	}

	/** Even-odd crossing test. */
	private static boolean inside(double[][] polygon, double x, double y) {
		double[] xs = polygon[0];
		double[] ys = polygon[1];
		boolean inside = false;
		for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
			if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
				inside = !inside;
			}
		}
		return inside;
	}

}
