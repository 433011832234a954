package dev.latentforge.web;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;

/**
 * Builds the {@code Problem} schema of the OpenAPI document: an RFC 9457 problem detail
 * as {@link ApiExceptionHandler} and {@link Problems} write it, with the request's
 * {@code traceId} and the invalid fields in {@code errors}. The known {@code type} URIs
 * are listed from {@link ProblemType}, so a new kind of problem is documented when it is
 * added.
 */
final class ProblemSchema {

	/** The schema's name under {@code components/schemas}. */
	static final String NAME = "Problem";

	private ProblemSchema() {
	}

	/**
	 * Adds the {@code Problem} schema, and the {@code FieldProblem} schema it refers to,
	 * to the components.
	 * @param components the document's components
	 * @param version the document's OpenAPI version
	 */
	static void addTo(Components components, SpecVersion version) {
		Schema<?> fieldProblem = SpringDocAnnotationsUtils.extractSchema(components, FieldProblem.class, null, null,
				version);
		Schema<Object> problem = Schemas.typed("object", version);
		problem.description("An RFC 9457 problem detail. Members other than those listed (such as resource and id "
				+ "on a not-found problem) may appear.");
		problem.addProperty("type", Schemas.string(version).format("uri").description(typeDescription()));
		problem.addProperty("title", Schemas.string(version).description("A short summary of the problem type"));
		problem.addProperty("status",
				Schemas.typed("integer", version).format("int32").description("The HTTP status code"));
		problem.addProperty("detail",
				Schemas.string(version).description("What went wrong with this request, for humans"));
		problem.addProperty("instance",
				Schemas.string(version).format("uri-reference").description("The path of the request"));
		problem.addProperty("traceId", Schemas.string(version)
			.description("The request's id, as in the " + RequestIds.HEADER + " response header; the log has it too"));
		problem.addProperty("errors",
				Schemas.typed("array", version)
					.items(fieldProblem)
					.description("The invalid fields, when the request was invalid"));
		problem.required(List.of("type", "title", "status"));
		components.addSchemas(NAME, problem);
	}

	private static String typeDescription() {
		return "A stable URI per kind of problem; clients switch on it, never on detail. One of: "
				+ Arrays.stream(ProblemType.values())
					.map((type) -> type.uri() + " (" + type.status().value() + ")")
					.collect(Collectors.joining(", "));
	}

}
