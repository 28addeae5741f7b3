package dev.staticflux.cache;

import java.io.IOException;
import java.io.UncheckedIOException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The lookup used when the cache is off ({@code staticflux.cache.max-size: 0}): every
 * request resolves its path on the file-I/O threads and every body is read from disk. A
 * small body is read in the same task that resolves the path
 * ({@link EntryLoader#loadForOneResponse}), so such a miss costs one trip to the file-I/O
 * threads and its reply goes out from memory; a larger file is opened for
 * {@code sendfile} afterwards.
 */
public final class DiskLookup implements FileLookup {

	private final EntryLoader loader;

	private final Scheduler scheduler;

	DiskLookup(EntryLoader loader, Scheduler scheduler) {
		this.loader = loader;
		this.scheduler = scheduler;
	}

	@Override
	public Mono<FileEntry> lookup(FileKey key) {
		return Mono.fromCallable(() -> {
			try {
				return loader.loadForOneResponse(key);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).subscribeOn(scheduler);
	}

}
