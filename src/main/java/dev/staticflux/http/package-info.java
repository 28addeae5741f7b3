/**
 * The HTTP side of the engine: the file handler, conditional requests, ranges, errors and routes.
 */
package dev.staticflux.http;
