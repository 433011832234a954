/**
 * Writing files so that a crash leaves either the old state or the new one (flush,
 * rename, flush the directory), deleting trees, and SHA-256 hashes. No Spring: the worker
 * uses it too.
 */
package dev.latentforge.files;
