/**
 * The GAN family (the lecture's "Generative Adversarial Networks" and "More Tricks of the
 * Trade"): multilayer-perceptron and DCGAN players, the minimax, non-saturating,
 * feature-matching and Wasserstein objectives, an explicit discriminator step and
 * generator step with one optimizer per player, the lecture's tricks as switches, and
 * conditional GANs (Mirza &amp; Osindero 2014) over a data set's labels and attributes.
 */
package dev.latentforge.models.gan;
