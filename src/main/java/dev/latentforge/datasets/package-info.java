/**
 * Data sets: the built-in procedural sets, Fashion-MNIST when Debian's package is
 * installed, and uploads (IDX, ZIP of PNGs, attribute CSVs), stored immutably in one
 * on-disk layout that the service and the training workers both read
 * ({@link dev.latentforge.datasets.DatasetFiles}). Built-ins live under
 * {@code {data-dir}/datasets/builtin/{id}-v{version}/}, uploads under
 * {@code {data-dir}/datasets/uploads/{uuid}/}. Other features look data sets up through
 * {@link dev.latentforge.datasets.DatasetCatalog} and veto deletes through
 * {@link dev.latentforge.datasets.DatasetUsage}. Sub-packages: {@code formats} (file
 * readers), {@code upload} (turning an upload into a data set), {@code builtin} (the
 * generators).
 */
package dev.latentforge.datasets;
