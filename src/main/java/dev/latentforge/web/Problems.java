package dev.latentforge.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Builds problem bodies in one way for the exception handler and for filters that answer
 * before Spring MVC is reached.
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		decorate(problem, type, request);
		return problem;
	}

	/** Sets the type, the title, the instance and the request's trace id. */
	public static void decorate(ProblemDetail problem, ProblemType type, HttpServletRequest request) {
		problem.setType(type.uri());
		problem.setTitle(type.title());
		if (request != null) {
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
			String traceId = RequestIds.of(request);
			if (traceId != null) {
				problem.setProperty("traceId", traceId);
			}
		}
	}

	public static void addFieldProblems(ProblemDetail problem, List<FieldProblem> problems) {
		if (!problems.isEmpty()) {
			problem.setProperty("errors", problems);
		}
	}

	public static void setRetryAfter(HttpHeaders headers, Duration retryAfter) {
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
		}
	}

	/** Writes a problem straight to the servlet response (for filters). */
	public static void write(HttpServletResponse response, ProblemDetail problem, Duration retryAfter)
			throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		if (retryAfter != null) {
			HttpHeaders headers = new HttpHeaders();
			setRetryAfter(headers, retryAfter);
			response.setHeader(HttpHeaders.RETRY_AFTER, headers.getFirst(HttpHeaders.RETRY_AFTER));
		}
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		response.getOutputStream().write(JSON.writeValueAsBytes(body));
	}

}
