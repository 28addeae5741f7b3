package dev.staticflux.cache;

/**
 * An immutable view of the file cache's counters, taken at one instant.
 *
 * @param hits lookups that found an entry (including one then revalidated against the disk, changed or not)
 * @param misses lookups that found no entry and started (or joined) a load
 * @param loadCount completed loads of absent entries, successful or not (reloads of changed files are not counted)
 * @param totalLoadTimeNanos time spent in those loads
 * @param evictions entries removed because the byte budget was exceeded
 * @param evictedBytes weight of those entries
 * @param entries entries held now
 * @param bytes weight held now (bodies plus a fixed per-entry overhead)
 * @param maxBytes the byte budget ({@code staticflux.cache.max-size})
 */
public record CacheStatistics(long hits, long misses, long loadCount, long totalLoadTimeNanos, long evictions,
		long evictedBytes, long entries, long bytes, long maxBytes) {

	/** A cache that is turned off: every counter zero. */
	public static final CacheStatistics DISABLED = new CacheStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0);

	/** Hits over lookups, {@code 0} before the first lookup. */
	public double hitRatio() {
		long lookups = hits + misses;
		return lookups == 0 ? 0 : (double) hits / lookups;
	}

}
