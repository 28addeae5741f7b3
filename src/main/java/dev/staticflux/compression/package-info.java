/**
 * Compression on the fly: the codecs (gzip, brotli, zstd), which files are compressed,
 * the choice of coding for a request, and compressing each version of a file once per
 * coding. No web or Netty types: the engine asks, and keeps the coded bytes in its cache.
 */
@NullMarked
package dev.staticflux.compression;

import org.jspecify.annotations.NullMarked;
