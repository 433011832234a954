/**
 * The DJL toolkit our model families share, usable without Spring: counter-based
 * randomness, named parameters, initialisation, our own optimizers (whose state can be
 * saved, unlike DJL's), learning-rate schedules, devices and conversions between NDArrays
 * and plain tensors.
 */
package dev.latentforge.engine;
