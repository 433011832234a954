/**
 * Restricted Boltzmann machines and deep belief nets (the lecture's "Restricted Boltzmann
 * Machines", "Training RBMs" and "Deep Belief Network"): Bernoulli–Bernoulli and
 * Gaussian–Bernoulli RBMs trained by CD-k or PCD with manual updates, greedy layer-wise
 * DBNs with an optional fine-tuned classifier, Gibbs sampling, and log-likelihoods exact
 * (enumeration) or estimated by annealed importance sampling.
 */
package dev.latentforge.models.rbm;
