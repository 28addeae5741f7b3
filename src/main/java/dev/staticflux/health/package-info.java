/**
 * Health of what the server serves: one indicator per served root, part of the readiness
 * group, and the start-up warnings about roots and file names.
 */
@NullMarked
package dev.staticflux.health;

import org.jspecify.annotations.NullMarked;
