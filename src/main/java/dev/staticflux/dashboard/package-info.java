/**
 * The live dashboard page and its server-sent-events stream.
 */
package dev.staticflux.dashboard;
