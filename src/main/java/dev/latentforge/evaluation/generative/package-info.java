/**
 * The evaluator of generative models: a small classifier trained once per data set
 * version gives the feature space of the Fréchet distance, precision and recall, and the
 * class probabilities of conditional accuracy and the classifier score; mode coverage on
 * the ring of Gaussians.
 */
package dev.latentforge.evaluation.generative;
