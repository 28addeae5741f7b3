package dev.staticflux.cache;

import com.github.benmanes.caffeine.cache.stats.CacheStats;

/**
 * An immutable view of the file cache's counters, taken at one instant. Every counter is
 * read from one snapshot of Caffeine's own {@link CacheStats}, so no figure is kept
 * twice; the last three describe what the cache holds.
 *
 * @param hits lookups that found an entry (including one then revalidated against the
 * disk, changed or not)
 * @param misses lookups that found no entry and started (or joined) a load
 * @param loadCount completed loads of absent entries, successful or not (reloads of
 * changed files are not counted)
 * @param totalLoadTimeNanos time spent in those loads
 * @param evictions entries removed because the byte budget was exceeded
 * ({@link CacheStats#evictionCount()})
 * @param evictedBytes weight of those entries ({@link CacheStats#evictionWeight()})
 * @param entries entries held now
 * @param bytes weight held now (bodies plus a fixed per-entry overhead)
 * @param maxBytes the byte budget ({@code staticflux.cache.max-size})
 */
public record CacheStatistics(long hits, long misses, long loadCount, long totalLoadTimeNanos, long evictions,
		long evictedBytes, long entries, long bytes, long maxBytes) {

	/** A cache that is turned off: every counter zero. */
	public static final CacheStatistics DISABLED = new CacheStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0);

	/**
	 * @param stats Caffeine's counters
	 * @param entries entries held now
	 * @param bytes weight held now
	 * @param maxBytes the byte budget
	 */
	static CacheStatistics of(CacheStats stats, long entries, long bytes, long maxBytes) {
		return new CacheStatistics(stats.hitCount(), stats.missCount(), stats.loadCount(), stats.totalLoadTime(),
				stats.evictionCount(), stats.evictionWeight(), entries, bytes, maxBytes);
	}

	/** Hits over lookups, {@code 0} before the first lookup. */
	public double hitRatio() {
		long lookups = hits + misses;
		return lookups == 0 ? 0 : (double) hits / lookups;
	}

}
