/**
 * staticflux: a Spring Boot WebFlux static-file server; the application class and its
 * start-up.
 */
@NullMarked
package dev.staticflux;

import org.jspecify.annotations.NullMarked;
