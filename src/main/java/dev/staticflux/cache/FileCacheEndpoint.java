package dev.staticflux.cache;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * Actuator endpoint {@code filecache}: read gives the statistics and the 20 largest
 * entries; delete clears the cache, or, with a {@code path} parameter, evicts that path's
 * entries (every coding and root).
 */
@Endpoint(id = "filecache")
public class FileCacheEndpoint {

	private static final int LARGEST = 20;

	private final FileCache cache;

	FileCacheEndpoint(FileCache cache) {
		this.cache = cache;
	}

	/** Statistics and the largest entries. */
	@ReadOperation
	public FileCacheReport report() {
		return new FileCacheReport(cache.statistics(), cache.largest(LARGEST));
	}

	/**
	 * @param path a request path such as {@code /css/site.css}, or absent to clear
	 * everything
	 * @return how many entries were evicted, or that the cache was cleared
	 */
	@DeleteOperation
	public Map<String, Object> evict(@Nullable String path) {
		if (path == null) {
			cache.clear();
			return Map.of("cleared", true);
		}
		return Map.of("path", path, "evicted", cache.evict(path));
	}

	/**
	 * @param statistics counters as of now
	 * @param largest the biggest entries, biggest first
	 */
	public record FileCacheReport(CacheStatistics statistics, List<CachedFileInfo> largest) {
	}

}
