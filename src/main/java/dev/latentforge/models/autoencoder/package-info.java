/**
 * The autoencoder family: a dense undercomplete autoencoder (the lecture's "Autoencoder"
 * slides) whose decoder mirrors its encoder, trained on reconstruction error (squared L2
 * for the Gaussian case, cross-entropy for the Bernoulli case).
 */
package dev.latentforge.models.autoencoder;
