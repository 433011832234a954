package dev.latentforge.web;

import java.util.Map;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * Validates the {@code page}, {@code size} and {@code sort} parameters of list endpoints:
 * the page is zero-based, the size is 1 to 100 (default 20) and the sort names one of the
 * listed properties, with an optional {@code ,asc} or {@code ,desc}.
 */
public final class PageQuery {

	public static final int MAX_SIZE = 100;

	private PageQuery() {
	}

	/**
	 * Builds a page request.
	 * @param page the zero-based page number
	 * @param size the page size
	 * @param sort the sort parameter, or {@code null} for the default
	 * @param sortable API property names mapped to entity property names
	 * @param defaultSort the sort used when none is given
	 * @return the page request
	 */
	public static Pageable of(Integer page, Integer size, String sort, Map<String, String> sortable, Sort defaultSort) {
		int number = page == null ? 0 : page;
		int length = size == null ? 20 : size;
		if (number < 0) {
			throw ApiException.invalid("page", "must be 0 or more");
		}
		if (length < 1 || length > MAX_SIZE) {
			throw ApiException.invalid("size", "must be between 1 and " + MAX_SIZE);
		}
		Sort order = defaultSort;
		if (sort != null && !sort.isBlank()) {
			String[] parts = sort.split(",");
			String property = sortable.get(parts[0].trim());
			if (property == null || parts.length > 2) {
				throw ApiException.invalid("sort",
						"must be one of " + sortable.keySet() + ", optionally followed by ,asc or ,desc");
			}
			Sort.Direction direction = Sort.Direction.ASC;
			if (parts.length == 2) {
				direction = Sort.Direction.fromOptionalString(parts[1].trim())
					.orElseThrow(() -> ApiException.invalid("sort", "direction must be asc or desc"));
			}
			order = Sort.by(direction, property);
		}
		return PageRequest.of(number, length, order);
	}

}
