/**
 * Plain-Java tensors and their file formats (NumPy {@code .npy}/{@code .npz} and
 * safetensors), used by data sets, checkpoints and exports. No DJL and no Spring here, so
 * the worker, the service and tests that check exports "without DJL" all share one
 * implementation.
 */
package dev.latentforge.tensors;
