package dev.staticflux.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.staticflux.files.RequestPath;

/**
 * The shared file cache: one byte-bounded Caffeine cache for every thread, keyed by path
 * and coding.
 *
 * <p>
 * Freshness: an entry is used without touching the disk for {@code revalidate-after};
 * after that, the next lookup resolves the path again (one revalidation per entry at a
 * time; concurrent lookups wait for it) and either keeps the entry, if the file's kind,
 * real path, size, time and identity are unchanged, or loads it anew. So a file changed
 * on disk is never served from memory once that window has passed.
 *
 * <p>
 * Concurrent misses on one key share one load (Caffeine's async cache); a client that
 * goes away does not cancel a load that others wait on. Eviction is Caffeine's W-TinyLFU
 * by weight: body bytes plus {@link FileEntry#OVERHEAD}.
 */
public final class FileCache implements FileLookup {

	private final AsyncCache<FileKey, FileEntry> cache;

	private final EntryLoader loader;

	private final Executor executor;

	private final Ticker ticker;

	private final long revalidateAfterNanos;

	private final long maxBytes;

	private final BiFunction<FileKey, Executor, CompletableFuture<FileEntry>> loadFunction = (key, ex) -> load(key);

	private final StatsCounter stats = new ConcurrentStatsCounter();

	FileCache(EntryLoader loader, Executor executor, Ticker ticker, long maxBytes, long revalidateAfterNanos) {
		this.loader = loader;
		this.executor = executor;
		this.ticker = ticker;
		this.maxBytes = maxBytes;
		this.revalidateAfterNanos = revalidateAfterNanos;
		this.cache = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((FileKey key, FileEntry entry) -> entry.weight())
			.executor(executor)
			.ticker(ticker)
			.recordStats(() -> stats)
			.buildAsync();
	}

	@Override
	public @Nullable FileEntry peekNow(FileKey key) {
		// asMap() reads do not count in the statistics but do count for eviction
		// (frequency, recency), so a hit
		// found here is recorded in the same Caffeine counter by countHits when it is
		// used; a miss is recorded by
		// the lookup() the caller falls back to.
		CompletableFuture<FileEntry> future = cache.asMap().get(key);
		FileEntry entry = (future == null) ? null : future.getNow(null);
		if (entry == null || !fresh(entry, ticker.read())) {
			return null;
		}
		return entry;
	}

	@Override
	public void countHits(int hits) {
		stats.recordHits(hits);
	}

	/**
	 * {@link #find}'s lookup, without blocking the calling thread: a client that goes
	 * away does not cancel a load that others wait on.
	 * @param key the path and coding
	 */
	public Mono<FileEntry> lookup(FileKey key) {
		return Mono.fromFuture(shared(key), true);
	}

	/**
	 * {@link #find}'s reload, without blocking the calling thread.
	 * @param key the path and coding
	 */
	public Mono<FileEntry> reload(FileKey key) {
		return Mono.fromFuture(CompletableFuture.supplyAsync(() -> replace(key), executor), true);
	}

	/**
	 * A reload loads on the calling thread; a lookup takes the entry in memory, or waits
	 * for the one load or check of the key that all its callers share.
	 */
	@Override
	public CompletableFuture<FileEntry> find(FileKey key, boolean reload) {
		if (reload) {
			try {
				return CompletableFuture.completedFuture(replace(key));
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}
		return shared(key);
	}

	private CompletableFuture<FileEntry> shared(FileKey key) {
		CompletableFuture<FileEntry> future = cache.get(key, loadFunction);
		if (future.isDone() && !future.isCompletedExceptionally()) {
			return fresh(future.join());
		}
		return future.thenCompose(this::fresh);
	}

	private CompletableFuture<FileEntry> fresh(FileEntry entry) {
		if (fresh(entry, ticker.read())) {
			return CompletableFuture.completedFuture(entry);
		}
		return revalidate(entry);
	}

	/**
	 * Whether an entry may be used without asking the disk. An entry whose body is served
	 * from disk (a file above {@code max-file-size}) is checked on every request: its
	 * headers must describe the bytes {@code sendfile} is about to read, and one stat is
	 * nothing beside the transfer. Everything else is trusted for
	 * {@code revalidate-after}.
	 */
	private boolean fresh(FileEntry entry, long now) {
		boolean servedFromDisk = entry.representation() != null && entry.representation().body() == null;
		return !servedFromDisk && now - entry.checkedAt() <= revalidateAfterNanos;
	}

	private CompletableFuture<FileEntry> load(FileKey key) {
		return CompletableFuture.supplyAsync(() -> loadOrThrow(key, true), executor);
	}

	/**
	 * Checks an entry against the disk; concurrent callers share one check. Completes
	 * with the entry itself when unchanged, or with a new entry that has replaced it in
	 * the cache.
	 */
	private CompletableFuture<FileEntry> revalidate(FileEntry stale) {
		CompletableFuture<FileEntry> check = new CompletableFuture<>();
		// A check that ends between a failed compareAndSet and the read has already
		// cleared the slot: try again.
		while (!stale.revalidation().compareAndSet(null, check)) {
			CompletableFuture<FileEntry> running = stale.revalidation().get();
			if (running != null) {
				return running;
			}
		}
		executor.execute(() -> {
			try {
				check.complete(recheck(stale));
			}
			catch (RuntimeException ex) {
				check.completeExceptionally(ex);
			}
			finally {
				stale.revalidation().set(null);
			}
		});
		return check;
	}

	private FileEntry recheck(FileEntry stale) {
		FileKey key = stale.key();
		FileEntry current = loadOrThrow(key, false);
		if (current.sameAs(stale)) {
			stale.checked(current.checkedAt());
			return stale;
		}
		return replace(key);
	}

	/**
	 * Loads the entry anew and puts it in place of whatever the cache held for the key.
	 */
	private FileEntry replace(FileKey key) {
		FileEntry replacement = loadOrThrow(key, true);
		cache.put(key, CompletableFuture.completedFuture(replacement));
		return replacement;
	}

	private FileEntry loadOrThrow(FileKey key, boolean withBody) {
		try {
			return loader.load(key, withBody);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Counters as of now: Caffeine's own statistics, with what the cache holds now. */
	public CacheStatistics statistics() {
		Cache<FileKey, FileEntry> sync = cache.synchronous();
		long weighted = sync.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
		return CacheStatistics.of(stats.snapshot(), sync.estimatedSize(), weighted, maxBytes);
	}

	/** The largest entries held, biggest first. */
	public List<CachedFileInfo> largest(int limit) {
		return cache.synchronous()
			.asMap()
			.entrySet()
			.stream()
			.sorted(Comparator.comparingInt((Map.Entry<FileKey, FileEntry> e) -> e.getValue().weight()).reversed())
			.limit(limit)
			.map(e -> CachedFileInfo.of(e.getKey(), e.getValue()))
			.toList();
	}

	/** Drops every entry. */
	public void clear() {
		cache.synchronous().invalidateAll();
	}

	/**
	 * Drops every entry (all codings, all roots) for one request path.
	 * @param path a request path such as {@code /docs/index.html}
	 * @return how many entries were dropped
	 */
	public int evict(String path) {
		String relative = RequestPath.parse(path).relative();
		List<FileKey> keys = cache.synchronous()
			.asMap()
			.keySet()
			.stream()
			.filter(k -> k.path().relative().equals(relative))
			.toList();
		cache.synchronous().invalidateAll(keys);
		return keys.size();
	}

	/** The Caffeine cache, for metrics binding. */
	Cache<FileKey, FileEntry> caffeine() {
		return cache.synchronous();
	}

}
