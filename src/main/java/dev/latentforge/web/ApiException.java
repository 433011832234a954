package dev.latentforge.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error that the API reports as {@code application/problem+json}: a
 * {@link ProblemType}, a detail for humans, optional field problems, extra properties and
 * a {@code Retry-After}.
 */
public class ApiException extends RuntimeException {

	private final ProblemType type;

	private final List<FieldProblem> fieldProblems;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private Duration retryAfter;

	public ApiException(ProblemType type, String detail) {
		this(type, detail, List.of());
	}

	public ApiException(ProblemType type, String detail, List<FieldProblem> fieldProblems) {
		super(detail);
		this.type = type;
		this.fieldProblems = List.copyOf(fieldProblems);
	}

	public static ApiException notFound(String kind, String id) {
		return new ApiException(ProblemType.NOT_FOUND, "No " + kind + " with id '" + id + "'").with("resource", kind)
			.with("id", id);
	}

	public static ApiException invalid(String field, String reason) {
		return new ApiException(ProblemType.VALIDATION, field + ": " + reason,
				List.of(new FieldProblem(field, reason)));
	}

	public static ApiException invalid(List<FieldProblem> problems) {
		String detail = problems.size() == 1 ? problems.get(0).field() + ": " + problems.get(0).reason()
				: problems.size() + " fields are invalid: "
						+ String.join("; ", problems.stream().map((p) -> p.field() + ": " + p.reason()).toList());
		return new ApiException(ProblemType.VALIDATION, detail, problems);
	}

	public ApiException with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	public ApiException retryAfter(Duration duration) {
		this.retryAfter = duration;
		return this;
	}

	public ProblemType type() {
		return this.type;
	}

	public List<FieldProblem> fieldProblems() {
		return this.fieldProblems;
	}

	public Map<String, Object> properties() {
		return this.properties;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
