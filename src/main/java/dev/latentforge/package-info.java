/**
 * Latentforge: a self-hosted service that trains unsupervised and generative deep models
 * (RBMs, autoencoders, GANs) on users' image data and serves the trained models over
 * HTTP.
 */
package dev.latentforge;
