package dev.latentforge.web;

/**
 * One invalid field of a request: its JSON path (e.g. {@code model.layers[1]}) and the
 * reason.
 *
 * @param field the JSON path of the field, or the name of the part or parameter
 * @param reason why the value is not accepted
 */
public record FieldProblem(String field, String reason) {
}
