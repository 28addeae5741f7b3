package dev.staticflux.cache;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.Representation;
import dev.staticflux.files.Resolution;

/**
 * What a {@link FileKey} resolved to when it was last checked against the disk, with
 * everything needed to answer without touching the disk again: the resolution, the
 * representation's headers and, for small files, the body.
 */
public final class FileEntry {

	/** Bytes charged per entry on top of its body: key, paths, header strings. */
	static final int OVERHEAD = 512;

	private final FileKey key;

	private final Resolution resolution;

	private final @Nullable Representation representation;

	private final Set<ContentCoding> variants;

	private volatile long checkedAt;

	private final AtomicReference<@Nullable CompletableFuture<FileEntry>> revalidation = new AtomicReference<>();

	FileEntry(FileKey key, Resolution resolution, @Nullable Representation representation, Set<ContentCoding> variants,
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

	/**
	 * What the key names on disk; for a variant key without a variant file,
	 * {@code NOT_FOUND}.
	 */
	public Resolution resolution() {
		return resolution;
	}

	/**
	 * The bytes to send and their headers, or {@code null} unless the resolution is a
	 * file.
	 */
	public @Nullable Representation representation() {
		return representation;
	}

	/**
	 * The {@link #representation()} of an entry that has one: an identity entry of a
	 * file, or a coded entry with bytes to send.
	 * @throws NullPointerException for an entry without one
	 */
	public Representation existingRepresentation() {
		return Objects.requireNonNull(representation, () -> "no representation for " + key);
	}

	/**
	 * For an identity entry, the codings whose precompressed variant exists beside the
	 * file.
	 */
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

	AtomicReference<@Nullable CompletableFuture<FileEntry>> revalidation() {
		return revalidation;
	}

	/** Bytes this entry costs in the cache. */
	int weight() {
		ByteBuffer body = (representation != null) ? representation.body() : null;
		return OVERHEAD + (body == null ? 0 : body.capacity());
	}

}
