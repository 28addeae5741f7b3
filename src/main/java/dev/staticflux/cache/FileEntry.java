package dev.staticflux.cache;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.Representation;
import dev.staticflux.files.Resolution;

/**
 * What a {@link FileKey} resolved to when it was last checked against the disk, with everything needed to
 * answer without touching the disk again: the resolution, the representation's headers and, for small
 * files, the body.
 */
public final class FileEntry {

	/** Bytes charged per entry on top of its body: key, paths, header strings. */
	static final int OVERHEAD = 512;

	private final FileKey key;

	private final Resolution resolution;

	private final Representation representation;

	private final Set<ContentCoding> variants;

	private volatile long checkedAt;

	private final AtomicReference<CompletableFuture<FileEntry>> revalidation = new AtomicReference<>();

	FileEntry(FileKey key, Resolution resolution, Representation representation, Set<ContentCoding> variants,
			long checkedAt) {
		this.key = key;
		this.resolution = resolution;
		this.representation = representation;
		this.variants = variants;
		this.checkedAt = checkedAt;
	}

	/** The key this entry answers. */
	public FileKey key() {
		return key;
	}

	/** What the key names on disk; for a variant key without a variant file, {@code NOT_FOUND}. */
	public Resolution resolution() {
		return resolution;
	}

	/** The bytes to send and their headers, or {@code null} unless the resolution is a file. */
	public Representation representation() {
		return representation;
	}

	/** For an identity entry, the codings whose precompressed variant exists beside the file. */
	public Set<ContentCoding> variants() {
		return variants;
	}

	/** Whether this entry and a freshly resolved one name the same bytes. */
	boolean sameAs(FileEntry other) {
		return resolution.sameVersionAs(other.resolution) && variants.equals(other.variants);
	}

	long checkedAt() {
		return checkedAt;
	}

	void checked(long now) {
		this.checkedAt = now;
	}

	AtomicReference<CompletableFuture<FileEntry>> revalidation() {
		return revalidation;
	}

	/** Bytes this entry costs in the cache. */
	int weight() {
		return OVERHEAD + (representation == null || representation.body() == null ? 0 : representation.body().capacity());
	}

}
