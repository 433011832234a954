package dev.latentforge.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every kind of problem the API reports, each with a stable {@code type} URI, a short
 * title and its HTTP status. Clients switch on the URI, never on the human-readable
 * detail.
 */
public enum ProblemType {

	VALIDATION("validation", "The request is invalid", HttpStatus.BAD_REQUEST),
	MALFORMED_REQUEST("malformed-request", "The request body cannot be read", HttpStatus.BAD_REQUEST),
	INVALID_IMAGE("invalid-image", "An image cannot be used", HttpStatus.BAD_REQUEST),
	INVALID_UPLOAD("invalid-upload", "An uploaded file cannot be used", HttpStatus.BAD_REQUEST),
	UNSUPPORTED_OPERATION("unsupported-operation", "The model does not support this operation", HttpStatus.BAD_REQUEST),
	DEVICE_UNAVAILABLE("device-unavailable", "The requested device is not available", HttpStatus.BAD_REQUEST),
	UNAUTHORIZED("unauthorized", "Authentication required", HttpStatus.UNAUTHORIZED),
	FORBIDDEN("forbidden", "Not allowed for this role", HttpStatus.FORBIDDEN),
	NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
	METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
	NOT_ACCEPTABLE("not-acceptable", "No acceptable representation", HttpStatus.NOT_ACCEPTABLE),
	ILLEGAL_TRANSITION("illegal-transition", "The job cannot make this transition", HttpStatus.CONFLICT),
	CONFLICT("conflict", "The request conflicts with the current state", HttpStatus.CONFLICT),
	IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "The idempotency key was used with another request",
			HttpStatus.CONFLICT),
	PAYLOAD_TOO_LARGE("payload-too-large", "The request is too large", HttpStatus.PAYLOAD_TOO_LARGE),
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
	TOO_MANY_REQUESTS("quota-exceeded", "A quota is exhausted", HttpStatus.TOO_MANY_REQUESTS),
	QUEUE_FULL("queue-full", "The service is at capacity", HttpStatus.SERVICE_UNAVAILABLE),
	INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

	/** Base of every problem type URI. */
	public static final String BASE = "https://latentforge.dev/problems/";

	private final String slug;

	private final String title;

	private final HttpStatus status;

	ProblemType(String slug, String title, HttpStatus status) {
		this.slug = slug;
		this.title = title;
		this.status = status;
	}

	public URI uri() {
		return URI.create(BASE + this.slug);
	}

	public String title() {
		return this.title;
	}

	public HttpStatus status() {
		return this.status;
	}

	/**
	 * The problem type that a bare HTTP status maps to (for errors raised by the
	 * framework).
	 */
	public static ProblemType forStatus(int status) {
		return switch (status) {
			case 400 -> MALFORMED_REQUEST;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 409 -> CONFLICT;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 429 -> TOO_MANY_REQUESTS;
			case 503 -> QUEUE_FULL;
			default -> INTERNAL;
		};
	}

}
