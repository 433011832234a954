/**
 * Readers for the file formats that data sets arrive in: IDX arrays (plain or gzipped),
 * ZIP archives read into memory with limits, and CSV. They know nothing of HTTP: a file
 * they cannot use raises {@link dev.latentforge.datasets.formats.InvalidFileException}.
 */
package dev.latentforge.datasets.formats;
