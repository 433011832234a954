package dev.latentforge.datasets.upload;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.latentforge.datasets.formats.Idx;
import dev.latentforge.tensors.Tensor;

import org.springframework.web.multipart.MultipartFile;

/**
 * Reads the IDX parts of an upload ({@code images}, {@code labels}, {@code testImages},
 * {@code testLabels}) and checks that they agree: as many labels as images, test images
 * of the train images' shape, every label one of the classes. Without {@code classNames}
 * the classes are {@code "0"} to the largest label.
 *
 * @param classes the class names, empty when unlabelled
 * @param splits the examples by split name
 */
record IdxImages(List<String> classes, Map<String, Examples> splits) {

	static IdxImages read(UploadForm form, List<String> classNames, long maxInflatedBytes) {
		Tensor train = image("images", form.images(), maxInflatedBytes);
		int[] trainLabels = labels("labels", form.labels(), train, "images", maxInflatedBytes);
		Tensor test = null;
		int[] testLabels = null;
		if (form.testImages() != null) {
			test = image("testImages", form.testImages(), maxInflatedBytes);
			if (!Arrays.equals(Arrays.copyOfRange(test.shape(), 1, 4), Arrays.copyOfRange(train.shape(), 1, 4))) {
				throw Uploads.invalidFile("testImages", "test images are " + describe(test) + " but images are "
						+ describe(train) + "; they must match");
			}
			testLabels = labels("testLabels", form.testLabels(), test, "testImages", maxInflatedBytes);
		}
		List<String> classes = List.of();
		if (trainLabels != null) {
			classes = (classNames != null) ? classNames : defaultClasses(trainLabels, testLabels);
			checkRange("labels", trainLabels, classes);
			checkRange("testLabels", testLabels, classes);
		}
		Map<String, Examples> splits = new LinkedHashMap<>();
		splits.put("train", new Examples(train, trainLabels, null, null));
		if (test != null) {
			splits.put("test", new Examples(test, testLabels, null, null));
		}
		return new IdxImages(classes, splits);
	}

	private static Tensor image(String field, MultipartFile file, long maxInflatedBytes) {
		Idx.Array array = Uploads.read(field, file, (in) -> Idx.read(in, maxInflatedBytes));
		return Uploads.about(field, array::toImages);
	}

	private static int[] labels(String field, MultipartFile file, Tensor images, String imagesField,
			long maxInflatedBytes) {
		if (file == null) {
			return null;
		}
		Idx.Array array = Uploads.read(field, file, (in) -> Idx.read(in, maxInflatedBytes));
		int[] labels = Uploads.about(field, array::toLabels);
		if (labels.length != images.dim(0)) {
			throw Uploads.invalidFile(field,
					"has " + labels.length + " labels but " + imagesField + " has " + images.dim(0) + " images");
		}
		return labels;
	}

	private static List<String> defaultClasses(int[] train, int[] test) {
		int max = IntStream.concat(Arrays.stream(train), (test != null) ? Arrays.stream(test) : IntStream.empty())
			.max()
			.orElse(0);
		return IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
	}

	private static void checkRange(String field, int[] labels, List<String> classes) {
		if (labels == null) {
			return;
		}
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] >= classes.size()) {
				throw Uploads.invalidFile(field, "label " + labels[i] + " (entry " + i + ") is outside the "
						+ classes.size() + " classNames " + classes);
			}
		}
	}

	private static String describe(Tensor images) {
		return images.dim(1) + "x" + images.dim(2) + "x" + images.dim(3);
	}

}
