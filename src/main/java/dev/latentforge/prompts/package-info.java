/**
 * Prompts: saved conditions (a label and attribute values) for conditional models, given
 * as structured conditions or as text read against a model's condition vocabulary.
 */
package dev.latentforge.prompts;
