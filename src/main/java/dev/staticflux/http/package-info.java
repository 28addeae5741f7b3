/**
 * HTTP rules the engine core applies (conditional requests, byte ranges,
 * {@code Accept-Encoding}, directory listings) and the checked body file the adapters
 * send from.
 */
@NullMarked
package dev.staticflux.http;

import org.jspecify.annotations.NullMarked;
