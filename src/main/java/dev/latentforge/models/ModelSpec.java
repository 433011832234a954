package dev.latentforge.models;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A model's configuration, typed per family and chosen by its {@code type} property. Each
 * family registers its record under its type name ({@link ModelFamilies}); unknown types
 * and fields are rejected when a job is submitted.
 *
 * <p>
 * Not a sealed type: Java allows permitted subtypes only in the same package outside
 * named modules, and each family lives in its own package, so the registry plays that
 * role.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
public interface ModelSpec {

}
