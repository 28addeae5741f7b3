/**
 * Configuration: the validated staticflux.* properties and server wiring.
 */
package dev.staticflux.config;
