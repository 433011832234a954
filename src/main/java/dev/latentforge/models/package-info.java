/**
 * The model SPI: what a model family (one sub-package each) provides so that the service
 * can validate, train, checkpoint and serve it without knowing it. A family is a Spring
 * bean for the service and the same class found by {@link java.util.ServiceLoader} in the
 * worker, which runs without Spring.
 */
package dev.latentforge.models;
