/**
 * The WebFlux adapter of the engine core: the file route, its request view and its response writer.
 */
package dev.staticflux.web;
