/**
 * How sizes, durations and latencies are written for people: in error messages, logs and
 * the dashboard alike.
 */
@NullMarked
package dev.staticflux.units;

import org.jspecify.annotations.NullMarked;
