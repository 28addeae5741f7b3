/**
 * Accounting: the statistics recorder and snapshot, the access log and their endpoints.
 */
package dev.staticflux.stats;
