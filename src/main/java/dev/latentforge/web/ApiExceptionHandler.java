package dev.latentforge.web;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into {@code application/problem+json} with a stable {@code type}, a
 * detail, field problems where the request was invalid, and the request's trace id.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Object> handleApi(ApiException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.type().status(), ex.getMessage());
		Problems.decorate(problem, ex.type(), servletRequest(request));
		Problems.addFieldProblems(problem, ex.fieldProblems());
		ex.properties().forEach(problem::setProperty);
		HttpHeaders headers = new HttpHeaders();
		Problems.setRetryAfter(headers, ex.retryAfter());
		return problemResponse(problem, headers);
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
		if (ex instanceof org.springframework.web.multipart.MaxUploadSizeExceededException tooLarge) {
			return handleMaxUploadSizeExceededException(tooLarge, new HttpHeaders(), HttpStatus.PAYLOAD_TOO_LARGE,
					request);
		}
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof BodyLimits.TooLargeException || String.valueOf(cause.getMessage()).contains("exceed")) {
			return handleApi(new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
					"The upload is larger than allowed: " + cause.getMessage()), request);
		}
		return handleApi(new ApiException(ProblemType.MALFORMED_REQUEST,
				"The multipart request cannot be read: " + cause.getMessage()), request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		log.error("Unhandled error", ex);
		return handleApi(new ApiException(ProblemType.INTERNAL,
				"An internal error occurred; the log holds the details under this request's traceId"), request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			problems.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> problems.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
		return handleApi(ApiException.invalid(problems), request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> problems = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldProblem(
						result.getMethodParameter().getParameterName() != null
								? result.getMethodParameter().getParameterName() : "parameter",
						error.getDefaultMessage())))
			.collect(Collectors.toList());
		return handleApi(ApiException.invalid(problems), request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof BodyLimits.TooLargeException tooLarge) {
			return handleApi(new ApiException(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), request);
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			String path = path(unknown);
			return handleApi(ApiException.invalid(List.of(new FieldProblem(path, "unknown field '"
					+ unknown.getPropertyName() + "'; known fields: " + unknown.getKnownPropertyIds()))), request);
		}
		if (cause instanceof InvalidTypeIdException badType) {
			String path = path(badType);
			String field = path.isEmpty() ? "type" : path + ".type";
			return handleApi(ApiException.invalid(List.of(new FieldProblem(field,
					badType.getTypeId() == null ? "missing type" : "unknown type '" + badType.getTypeId() + "'"))),
					request);
		}
		if (cause instanceof StreamReadException parse) {
			return handleApi(
					new ApiException(ProblemType.MALFORMED_REQUEST, "Malformed JSON: " + parse.getOriginalMessage()),
					request);
		}
		if (cause instanceof JacksonException mapping) {
			String path = path(mapping);
			String reason = mapping.getOriginalMessage();
			if (cause.getCause() instanceof ApiException api) {
				return handleApi(api, request);
			}
			if (cause.getCause() instanceof IllegalArgumentException illegal && illegal.getMessage() != null) {
				reason = illegal.getMessage();
			}
			return handleApi(ApiException.invalid(List.of(new FieldProblem(path.isEmpty() ? "body" : path, reason))),
					request);
		}
		if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
			return handleApi(new ApiException(ProblemType.MALFORMED_REQUEST, "The request body is missing"), request);
		}
		return handleApi(new ApiException(ProblemType.MALFORMED_REQUEST, "The request body cannot be read"), request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
		if (response != null && response.getBody() instanceof ProblemDetail problem) {
			Problems.decorate(problem, ProblemType.forStatus(statusCode.value()), servletRequest(request));
			return problemResponse(problem, response.getHeaders());
		}
		return response;
	}

	private static ResponseEntity<Object> problemResponse(ProblemDetail problem, HttpHeaders headers) {
		HttpHeaders out = new HttpHeaders();
		out.putAll(headers);
		out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return ResponseEntity.status(problem.getStatus()).headers(out).body(problem);
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static HttpServletRequest servletRequest(WebRequest request) {
		return (request instanceof NativeWebRequest nativeRequest)
				? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
	}

}
