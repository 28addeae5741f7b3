/**
 * The Actuator management server ({@code management.server.port}): Actuator endpoints
 * only, the file server's connection guards, and write operations only for requests
 * addressed to it.
 */
@NullMarked
package dev.staticflux.management;

import org.jspecify.annotations.NullMarked;
