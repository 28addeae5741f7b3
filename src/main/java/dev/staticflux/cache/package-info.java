/**
 * The shared in-memory file cache: byte-bounded Caffeine, keyed by path and content coding, revalidated against the disk.
 */
package dev.staticflux.cache;
