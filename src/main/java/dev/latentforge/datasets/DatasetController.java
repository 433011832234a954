package dev.latentforge.datasets;

import java.net.URI;
import java.util.Map;
import java.util.TreeSet;

import dev.latentforge.datasets.upload.UploadForm;
import dev.latentforge.datasets.upload.UploadParser;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.FieldProblem;
import dev.latentforge.web.PageQuery;
import dev.latentforge.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.WebUtils;

/**
 * The data set API: list, show, preview, upload and delete.
 */
@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Data sets", description = "Built-in and uploaded image data sets")
class DatasetController {

	private static final Map<String, String> SORTABLE = Map.of("name", "name", "createdAt", "createdAt");

	private final DatasetCatalog catalog;

	private final DatasetStore store;

	private final UploadParser parser;

	private final DatasetPreview preview;

	DatasetController(DatasetCatalog catalog, DatasetStore store, UploadParser parser, DatasetPreview preview) {
		this.catalog = catalog;
		this.store = store;
		this.parser = parser;
		this.preview = preview;
	}

	@GetMapping
	@Operation(operationId = "listDatasets", summary = "List data sets",
			description = "Built-ins and uploads, by name.")
	PageResponse<DatasetResponse> list(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
		Pageable query = PageQuery.of(page, size, sort, SORTABLE, Sort.by("name"));
		// The id breaks ties so that pages never overlap.
		Pageable stable = PageRequest.of(query.getPageNumber(), query.getPageSize(),
				query.getSort().and(Sort.by("id")));
		return PageResponse.of(this.catalog.list(stable), DatasetResponse::of);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getDataset", summary = "Get a data set",
			description = "Shape, classes, attributes, splits with class counts, sha256 and version.")
	DatasetResponse get(@PathVariable String id) {
		return DatasetResponse.of(this.catalog.require(id));
	}

	/**
	 * A PNG of the first {@code count} images of a split (default 64, at most 256), or a
	 * scatter plot for point sets.
	 */
	@GetMapping(path = "/{id}/preview", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(operationId = "previewDataset", summary = "Preview a data set",
			description = "A PNG grid of the first images of a split, or a scatter plot of a point set.")
	@ApiResponse(responseCode = "200",
			content = @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")))
	ResponseEntity<byte[]> preview(@PathVariable String id, @RequestParam(defaultValue = "train") String split,
			@RequestParam(defaultValue = "64") String count) {
		DatasetInfo info = this.catalog.require(id);
		int number;
		try {
			number = Integer.parseInt(count.trim());
		}
		catch (NumberFormatException ex) {
			throw ApiException.invalid("count", "must be an integer between 1 and " + DatasetPreview.MAX_COUNT);
		}
		byte[] png = this.preview.render(info, this.catalog.directory(id), split, number);
		return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png);
	}

	/**
	 * Stores an uploaded data set: {@code name} and either {@code images} (IDX, with
	 * optional {@code labels}, {@code classNames}, {@code testImages},
	 * {@code testLabels}) or {@code archive} (a ZIP of PNGs); optional {@code attributes}
	 * (CSV) and {@code testFraction} with {@code splitSeed}.
	 */
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(operationId = "uploadDataset", summary = "Upload a data set",
			description = "IDX images (optionally gzipped) with IDX labels, or a ZIP of PNGs (one folder per class, or "
					+ "none); optional test split and attributes CSV. Stored immutably; a failed upload leaves nothing.")
	@ApiResponse(responseCode = "201", description = "Stored")
	ResponseEntity<DatasetResponse> upload(@RequestParam(required = false) String name,
			@RequestParam(required = false) MultipartFile images, @RequestParam(required = false) MultipartFile labels,
			@RequestParam(required = false) String classNames, @RequestParam(required = false) MultipartFile archive,
			@RequestParam(required = false) MultipartFile testImages,
			@RequestParam(required = false) MultipartFile testLabels,
			@RequestParam(required = false) String testFraction, @RequestParam(required = false) String splitSeed,
			@RequestParam(required = false) MultipartFile attributes, HttpServletRequest request) {
		rejectUnknownFields(request);
		UploadForm form = new UploadForm(name, images, labels, classNames, archive, testImages, testLabels,
				testFraction, splitSeed, attributes);
		DatasetInfo info = this.store.create(this.parser.parse(form));
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(info.id())
			.toUri();
		return ResponseEntity.created(location).body(DatasetResponse.of(info));
	}

	/** Deletes an uploaded data set that no unfinished job uses. */
	@DeleteMapping("/{id}")
	@Operation(operationId = "deleteDataset", summary = "Delete an uploaded data set")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "409", description = "The data set is built in or used by an unfinished job")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.store.delete(id);
		return ResponseEntity.noContent().build();
	}

	/** A misspelt field would otherwise be ignored silently. */
	private static void rejectUnknownFields(HttpServletRequest request) {
		TreeSet<String> names = new TreeSet<>(request.getParameterMap().keySet());
		// filters (security) wrap the request: look for the multipart request underneath
		MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
		if (multipart != null) {
			names.addAll(multipart.getMultiFileMap().keySet());
		}
		names.removeAll(UploadForm.FIELDS);
		if (!names.isEmpty()) {
			throw ApiException.invalid(names.stream()
				.map((field) -> new FieldProblem(field,
						"unknown field; known fields: " + new TreeSet<>(UploadForm.FIELDS)))
				.toList());
		}
	}

}
