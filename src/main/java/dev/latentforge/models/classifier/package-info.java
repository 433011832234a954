/**
 * The classifier family ({@code model.type = classifier}): a dense encoder and a softmax
 * layer trained on a few labels per class, either from scratch or starting from a trained
 * autoencoder's encoder (the lecture's "network initialisation" use of autoencoders).
 */
package dev.latentforge.models.classifier;
