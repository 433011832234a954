/**
 * Network building blocks that DJL's PyTorch engine lacks, built from the ops it has.
 */
package dev.latentforge.engine.nn;
