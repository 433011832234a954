/**
 * Plain-Java statistics over model outputs: Markov-chain convergence diagnostics, k-means
 * clustering, agreement between clusterings, principal components and percentiles. No
 * native calls: callers hand in float arrays already read back from the model.
 */
package dev.latentforge.analysis;
