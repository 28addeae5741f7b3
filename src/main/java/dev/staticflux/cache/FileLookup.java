package dev.staticflux.cache;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * How the engine learns what a request path names: from memory ({@link FileCache}) or
 * from the disk on every request ({@link DiskLookup}, when the cache is off).
 */
public interface FileLookup {

	/**
	 * The entry for a key, for a caller on a thread that may block (a file-I/O thread): a
	 * lookup that reads the disk reads it on the calling thread and returns a completed
	 * future, rather than handing the read to another thread; one that waits for work
	 * other requests share (a load or check in progress) returns a future that completes
	 * on a file-I/O thread.
	 * @param key the path and coding
	 * @param reload whether to ask the disk as it is now, for a caller that found the
	 * file changed since its last lookup: never a check that was already running, which
	 * may have read the disk before the change
	 * @return the entry, no older than {@code staticflux.cache.revalidate-after}; failed
	 * only for an unexpected file-system failure
	 */
	CompletableFuture<FileEntry> find(FileKey key, boolean reload);

	/**
	 * The entry at once, when it is in memory and fresh; otherwise {@code null}, and the
	 * caller uses {@link #find}. Lets the hot path of a cache hit skip the reactive
	 * machinery. A hit counts in the cache's statistics.
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
