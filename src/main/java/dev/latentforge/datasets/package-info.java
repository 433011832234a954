/**
 * Data sets: the built-in procedural sets, Fashion-MNIST when Debian's package is
 * installed, and uploads (IDX, ZIP of PNGs, attribute CSVs), stored immutably in one
 * on-disk layout that the service and the training workers both read
 * ({@link dev.latentforge.datasets.DatasetFiles}).
 */
package dev.latentforge.datasets;
