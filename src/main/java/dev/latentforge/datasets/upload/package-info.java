/**
 * Turns a multipart upload into a validated data set in memory: IDX files or a ZIP of
 * PNGs, labels and class names, an attributes CSV and a test split. Nothing is written
 * here; every problem becomes a 400 naming the multipart field.
 */
package dev.latentforge.datasets.upload;
