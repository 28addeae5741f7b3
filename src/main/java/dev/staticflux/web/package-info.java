/**
 * The WebFlux adapter of the engine core: the file route, its request view and its
 * response writer.
 */
@NullMarked
package dev.staticflux.web;

import org.jspecify.annotations.NullMarked;
