/**
 * Configuration: the validated staticflux.* properties and server wiring.
 */
@NullMarked
package dev.staticflux.config;

import org.jspecify.annotations.NullMarked;
