package dev.latentforge.datasets.upload;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.latentforge.web.ApiException;
import dev.latentforge.web.FieldProblem;

/**
 * Checks the plain fields of an upload and which parts may go together, reporting every
 * problem at once before any file is read.
 *
 * @param name the trimmed name
 * @param classNames the class names, or {@code null} when not given
 * @param testFraction the fraction to hold out, or {@code null}
 * @param splitSeed the seed of the hold-out (0 when not given)
 */
record UploadFields(String name, List<String> classNames, Double testFraction, long splitSeed) {

	static final int MAX_NAME_LENGTH = 200;

	static UploadFields check(UploadForm form) {
		List<FieldProblem> problems = new ArrayList<>();
		String name = (form.name() != null) ? form.name().trim() : "";
		if (name.isEmpty()) {
			problems.add(new FieldProblem("name", "is required"));
		}
		else if (name.length() > MAX_NAME_LENGTH) {
			problems.add(new FieldProblem("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
		}
		if (form.images() == null && form.archive() == null) {
			problems.add(new FieldProblem("images", "send either images (an IDX file) or archive (a ZIP of PNGs)"));
		}
		if (form.images() != null && form.archive() != null) {
			problems.add(new FieldProblem("archive", "send either images or archive, not both"));
		}
		if (form.archive() != null) {
			for (String field : List.of("labels", "classNames", "testImages", "testLabels")) {
				if (present(form, field)) {
					problems.add(new FieldProblem(field,
							"only with images (IDX); an archive's classes are its folders and its test split a test/ folder"));
				}
			}
		}
		else {
			if (form.classNames() != null && form.labels() == null) {
				problems.add(new FieldProblem("classNames", "only with labels"));
			}
			if (form.testImages() == null && form.testLabels() != null) {
				problems.add(new FieldProblem("testLabels", "only with testImages"));
			}
			if (form.testImages() != null && form.labels() != null && form.testLabels() == null) {
				problems.add(new FieldProblem("testLabels", "is required because the train images have labels"));
			}
			if (form.testImages() != null && form.labels() == null && form.testLabels() != null) {
				problems.add(new FieldProblem("testLabels", "the train images have no labels"));
			}
		}
		List<String> classNames = classNames(form.classNames(), problems);
		Double fraction = null;
		if (form.testFraction() != null) {
			try {
				fraction = Double.valueOf(form.testFraction().trim());
				if (!(fraction > 0 && fraction < 1)) {
					problems.add(new FieldProblem("testFraction", "must be between 0 and 1 (exclusive)"));
				}
			}
			catch (NumberFormatException ex) {
				problems.add(new FieldProblem("testFraction", "must be a number between 0 and 1 (exclusive)"));
			}
			if (form.testImages() != null) {
				problems.add(new FieldProblem("testFraction", "cannot be combined with testImages"));
			}
		}
		long seed = 0;
		if (form.splitSeed() != null) {
			try {
				seed = Long.parseLong(form.splitSeed().trim());
			}
			catch (NumberFormatException ex) {
				problems.add(new FieldProblem("splitSeed", "must be an integer"));
			}
			if (form.testFraction() == null) {
				problems.add(new FieldProblem("splitSeed", "only with testFraction"));
			}
		}
		if (!problems.isEmpty()) {
			throw ApiException.invalid(problems);
		}
		return new UploadFields(name, classNames, fraction, seed);
	}

	private static List<String> classNames(String text, List<FieldProblem> problems) {
		if (text == null) {
			return null;
		}
		List<String> names = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String part : text.split(",", -1)) {
			String name = part.trim();
			if (name.isEmpty()) {
				problems.add(new FieldProblem("classNames", "has an empty class name"));
				return null;
			}
			if (!seen.add(name)) {
				problems.add(new FieldProblem("classNames", "names '" + name + "' twice"));
				return null;
			}
			names.add(name);
		}
		return List.copyOf(names);
	}

	private static boolean present(UploadForm form, String field) {
		return switch (field) {
			case "labels" -> form.labels() != null;
			case "classNames" -> form.classNames() != null;
			case "testImages" -> form.testImages() != null;
			default -> form.testLabels() != null;
		};
	}

}
