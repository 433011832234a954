package dev.latentforge.datasets.upload;

import java.util.Set;

import org.springframework.web.multipart.MultipartFile;

/**
 * The multipart fields of {@code POST /datasets}, as sent (all optional here; the parser
 * says which are required together).
 *
 * @param name the data set's name (required)
 * @param images an IDX file of images, [N, H, W] or [N, H, W, C]
 * @param labels an IDX file of labels [N]
 * @param classNames comma-separated class names in label order
 * @param archive a ZIP of PNGs instead of images
 * @param testImages an IDX file of test images
 * @param testLabels an IDX file of test labels
 * @param testFraction the fraction of images to hold out as the test split
 * @param splitSeed the seed of that hold-out
 * @param attributes a CSV of per-image attributes
 */
public record UploadForm(String name, MultipartFile images, MultipartFile labels, String classNames,
		MultipartFile archive, MultipartFile testImages, MultipartFile testLabels, String testFraction,
		String splitSeed, MultipartFile attributes) {

	/** The field names, to refuse anything else. */
	public static final Set<String> FIELDS = Set.of("name", "images", "labels", "classNames", "archive", "testImages",
			"testLabels", "testFraction", "splitSeed", "attributes");

}
