/**
 * Files on disk: safe path resolution, metadata, media types and precompressed variants.
 */
@NullMarked
package dev.staticflux.files;

import org.jspecify.annotations.NullMarked;
