/**
 * Checkpoints: the versioned on-disk format (a directory with a manifest and named
 * tensors, written by workers), their commit under a fencing token, retention, and the
 * read side used to resume jobs and to serve models.
 */
package dev.latentforge.checkpoints;
