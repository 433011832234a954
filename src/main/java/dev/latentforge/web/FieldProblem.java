package dev.latentforge.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One invalid field of a request: its JSON path (e.g. {@code model.layers[1]}) and the
 * reason.
 *
 * @param field the JSON path of the field, or the name of the part or parameter
 * @param reason why the value is not accepted
 */
public record FieldProblem(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
		description = "The JSON path of the field (model.layers[1]), or the name of the part or parameter") String field,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
				description = "Why the value is not accepted") String reason) {
}
