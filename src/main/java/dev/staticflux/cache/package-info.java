/**
 * The shared in-memory file cache: byte-bounded Caffeine, keyed by path and content
 * coding, revalidated against the disk.
 */
@NullMarked
package dev.staticflux.cache;

import org.jspecify.annotations.NullMarked;
