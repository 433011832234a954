/**
 * PNG decoding with validation, PNG encoding of float images, and image grids. No Spring,
 * no DJL.
 */
package dev.latentforge.images;
