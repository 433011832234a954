package dev.latentforge.datasets.upload;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import dev.latentforge.datasets.formats.InvalidFileException;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.FieldProblem;
import dev.latentforge.web.ProblemType;

import org.springframework.web.multipart.MultipartFile;

/**
 * Reads uploaded parts and turns reader errors into 400 problems that name the part.
 */
final class Uploads {

	private Uploads() {
	}

	/** Reads a part's content. */
	@FunctionalInterface
	interface Reader<T> {

		T read(InputStream in) throws IOException;

	}

	/** A {@link ProblemType#INVALID_UPLOAD} problem for a file. */
	static ApiException invalidFile(String field, String reason) {
		return new ApiException(ProblemType.INVALID_UPLOAD, field + ": " + reason,
				List.of(new FieldProblem(field, reason)));
	}

	/**
	 * Reads a file part, turning {@link InvalidFileException} into a 400 that names the
	 * part.
	 */
	static <T> T read(String field, MultipartFile file, Reader<T> reader) {
		if (file.isEmpty()) {
			throw invalidFile(field, "the file is empty");
		}
		try (InputStream in = file.getInputStream()) {
			return reader.read(in);
		}
		catch (InvalidFileException ex) {
			throw invalidFile(field, ex.getMessage());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException("cannot read the uploaded part " + field, ex);
		}
	}

	/** Runs a conversion whose {@link InvalidFileException} is about a part. */
	static <T> T about(String field, java.util.function.Supplier<T> conversion) {
		try {
			return conversion.get();
		}
		catch (InvalidFileException ex) {
			throw invalidFile(field, ex.getMessage());
		}
	}

}
