package dev.latentforge.web;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/**
 * One page of a list: the items and where they sit in the whole.
 *
 * @param <T> the item type
 * @param items the items of this page
 * @param page the page metadata
 */
public record PageResponse<T>(List<T> items, PageMetadata page) {

	/**
	 * Where a page sits in the whole list.
	 *
	 * @param number the zero-based page number
	 * @param size the requested page size
	 * @param totalElements the number of items in all pages
	 * @param totalPages the number of pages
	 */
	public record PageMetadata(int number, int size, long totalElements, int totalPages) {
	}

	public static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> mapper) {
		return new PageResponse<>(page.getContent().stream().map(mapper).toList(),
				new PageMetadata(page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages()));
	}

}
