/**
 * Accounting: the statistics recorder and snapshot, the access log and their endpoints.
 */
@NullMarked
package dev.staticflux.stats;

import org.jspecify.annotations.NullMarked;
