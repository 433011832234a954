/**
 * Serving trained models: the models API, a cache of loaded checkpoints, inference on
 * platform threads with grad mode off in fixed-size padded batches, images in and out
 * (PNG, JSON, npy) with a receipt, and exports of named parameters.
 */
package dev.latentforge.generation;
