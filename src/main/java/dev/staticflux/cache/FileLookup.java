package dev.staticflux.cache;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * How the engine learns what a request path names: from memory ({@link FileCache}) or
 * from the disk on every request ({@link DiskLookup}, when the cache is off). Never
 * blocks the calling thread.
 */
public interface FileLookup {

	/**
	 * @param key the path and coding
	 * @return the entry, no older than {@code staticflux.cache.revalidate-after}; an
	 * error only for an unexpected file-system failure
	 */
	Mono<FileEntry> lookup(FileKey key);

	/**
	 * The entry as the disk has it now: for a caller that found the file changed since
	 * its last lookup. Unlike {@link #lookup(FileKey)}, it never shares a check that was
	 * already running, which may have read the disk before the change.
	 * @param key the path and coding
	 */
	default Mono<FileEntry> reload(FileKey key) {
		return lookup(key);
	}

	/**
	 * The entry at once, when it is in memory and fresh; otherwise {@code null}, and the
	 * caller uses {@link #lookup(FileKey)}. Lets the hot path of a cache hit skip the
	 * reactive machinery. A hit counts in the cache's statistics.
	 * @param key the path and coding
	 */
	default @Nullable FileEntry lookupNow(FileKey key) {
		FileEntry entry = peekNow(key);
		if (entry != null) {
			countHits(1);
		}
		return entry;
	}

	/**
	 * Like {@link #lookupNow(FileKey)}, but a hit is not counted: for a caller that may
	 * still give the request to another path, which will look it up again. It counts what
	 * it used with {@link #countHits(int)}.
	 * @param key the path and coding
	 */
	default @Nullable FileEntry peekNow(FileKey key) {
		return null;
	}

	/** Counts hits found with {@link #peekNow(FileKey)} and used. */
	default void countHits(int hits) {
	}

}
