/**
 * Files on disk: safe path resolution, metadata, media types and precompressed variants.
 */
package dev.staticflux.files;
