package dev.staticflux.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;

/**
 * The lookup used when the cache is off ({@code staticflux.cache.max-size: 0}): every
 * request resolves its path on the file-I/O threads and every body is read from disk. A
 * small body is read in the same call that resolves the path
 * ({@link EntryLoader#loadForOneResponse}), so such a miss costs one trip to the file-I/O
 * threads and its reply goes out from memory; a larger file is opened for
 * {@code sendfile} afterwards, in the same trip ({@code engine.DecisionPerformer}).
 */
public final class DiskLookup implements FileLookup {

	private final EntryLoader loader;

	DiskLookup(EntryLoader loader) {
		this.loader = loader;
	}

	/** Reads the disk on the calling thread: there is nothing to share or to wait for. */
	@Override
	public CompletableFuture<FileEntry> find(FileKey key, boolean reload) {
		try {
			return CompletableFuture.completedFuture(loader.loadForOneResponse(key));
		}
		catch (IOException ex) {
			return CompletableFuture.failedFuture(new UncheckedIOException(ex));
		}
	}

}
