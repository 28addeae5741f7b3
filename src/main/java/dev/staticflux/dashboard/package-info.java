/**
 * The live dashboard page and its server-sent-events stream.
 */
@NullMarked
package dev.staticflux.dashboard;

import org.jspecify.annotations.NullMarked;
