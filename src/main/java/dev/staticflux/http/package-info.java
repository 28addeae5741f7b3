/**
 * HTTP rules the engine core applies (conditional requests, byte ranges, {@code Accept-Encoding}, directory
 * listings) and the checked body file the adapters send from.
 */
package dev.staticflux.http;
