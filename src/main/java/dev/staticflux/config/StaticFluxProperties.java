package dev.staticflux.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything an operator can set under {@code staticflux.*}. Bound once at start-up and
 * validated here: a bad value stops the server with a message naming the key.
 *
 * @param root the directory served for requests whose Host matches no virtual host
 * @param indexFiles names tried, in order, when a directory is requested
 * @param directoryListing whether a directory without an index file gets an HTML listing
 * @param hiddenFiles whether path segments starting with {@code .} are served
 * @param followSymlinks whether a symbolic link may point outside the root
 * @param cacheControl {@code Cache-Control} rules, first matching glob wins
 * @param precompressed content codings looked for beside each file, e.g. {@code f.br}
 * @param hosts virtual hosts, each with its own root
 * @param cache the in-memory file cache
 * @param limit the admission limiter on file routes
 * @param stats the statistics recorder
 * @param accessLog the access log
 * @param dashboard the live dashboard
 * @param timeouts connection timeouts
 * @param http2 limits of HTTP/2 connections
 * @param threads thread pools
 */
@ConfigurationProperties("staticflux")
public record StaticFluxProperties(
		@DefaultValue("./www") Path root,
		@DefaultValue("index.html") List<String> indexFiles,
		@DefaultValue("false") boolean directoryListing,
		@DefaultValue("deny") HiddenFiles hiddenFiles,
		@DefaultValue("false") boolean followSymlinks,
		@DefaultValue List<CacheControlRule> cacheControl,
		@DefaultValue({ "br", "gzip" }) List<String> precompressed,
		@DefaultValue List<VirtualHost> hosts,
		@DefaultValue Cache cache,
		@DefaultValue Limit limit,
		@DefaultValue Stats stats,
		@DefaultValue AccessLog accessLog,
		@DefaultValue Dashboard dashboard,
		@DefaultValue Timeouts timeouts,
		@DefaultValue Http2 http2,
		@DefaultValue Threads threads) {

	private static final Set<String> CODINGS = Set.of("br", "gzip");

	public StaticFluxProperties {
		for (String name : indexFiles) {
			require(!name.isBlank() && !name.contains("/") && !name.contains("\\") && !name.startsWith("."),
					"staticflux.index-files: '%s' (expected: a plain file name)", name);
		}
		for (String coding : precompressed) {
			require(CODINGS.contains(coding.toLowerCase(Locale.ROOT)),
					"staticflux.precompressed: '%s' (expected: br or gzip)", coding);
		}
		indexFiles = List.copyOf(indexFiles);
		cacheControl = List.copyOf(cacheControl);
		precompressed = precompressed.stream().map(c -> c.toLowerCase(Locale.ROOT)).distinct().toList();
		hosts = List.copyOf(hosts);
	}

	static void require(boolean condition, String message, Object... args) {
		if (!condition) {
			throw new IllegalArgumentException(message.formatted(args));
		}
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	/** Whether dot-files and dot-directories are served. */
	public enum HiddenFiles {
		/** Any segment starting with {@code .} answers 404, except {@code /.well-known/}. */
		DENY,
		/** Dot-files are served like any other file. */
		ALLOW
	}

	/**
	 * One {@code Cache-Control} rule.
	 * @param pattern a glob matched against the path below the root, e.g. {@code *.html} or {@code assets/**}
	 * @param value the header value, e.g. {@code no-cache}
	 */
	public record CacheControlRule(String pattern, String value) {
		public CacheControlRule {
			require(pattern != null && !pattern.isBlank(), "staticflux.cache-control[].pattern: must not be empty");
			require(value != null && !value.isBlank(), "staticflux.cache-control[].value: must not be empty (pattern %s)", pattern);
		}
	}

	/**
	 * A virtual host.
	 * @param name the Host header value (without port), matched case-insensitively
	 * @param root the directory served for that host
	 */
	public record VirtualHost(String name, Path root) {
		public VirtualHost {
			require(name != null && !name.isBlank(), "staticflux.hosts[].name: must not be empty");
			require(root != null, "staticflux.hosts[].root: must be set (host %s)", name);
			name = name.toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * @param maxSize the cache's byte budget; {@code 0} turns caching off
	 * @param maxFileSize files larger than this bypass the cache and go out with zero-copy
	 * @param revalidateAfter how long an entry is served before its file's size and time are checked again
	 * @param fastPath whether a request answered wholly from a fresh cache entry is answered by the engine on
	 * Reactor Netty directly, without building a WebFlux exchange (the same headers, limiter and accounting)
	 */
	public record Cache(@DefaultValue("64MB") DataSize maxSize, @DefaultValue("1MB") DataSize maxFileSize,
			@DefaultValue("1s") Duration revalidateAfter, @DefaultValue("true") boolean fastPath) {
		public Cache {
			require(!maxSize.isNegative(), "staticflux.cache.max-size: %s (expected: >= 0)", maxSize);
			require(!maxFileSize.isNegative(), "staticflux.cache.max-file-size: %s (expected: >= 0)", maxFileSize);
			require(maxSize.toBytes() == 0 || maxFileSize.toBytes() <= maxSize.toBytes(),
					"staticflux.cache.max-file-size: %s (expected: <= max-size %s)", maxFileSize, maxSize);
			require(maxFileSize.toBytes() <= Integer.MAX_VALUE - 8,
					"staticflux.cache.max-file-size: %s (expected: < 2GB)", maxFileSize);
			require(!revalidateAfter.isNegative(), "staticflux.cache.revalidate-after: %s (expected: >= 0)", revalidateAfter);
		}

		public boolean enabled() {
			return maxSize.toBytes() > 0;
		}
	}

	/**
	 * @param maxConcurrent requests served at once on the file routes
	 * @param maxQueued requests waiting for a permit, in arrival order; beyond it, 503 at once
	 * @param queueTimeout the longest a request waits for a permit before a 503
	 * @param retryAfter the {@code Retry-After} sent with a 503
	 */
	public record Limit(@DefaultValue("1024") int maxConcurrent, @DefaultValue("1024") int maxQueued,
			@DefaultValue("5s") Duration queueTimeout, @DefaultValue("1s") Duration retryAfter) {
		public Limit {
			require(maxConcurrent >= 1, "staticflux.limit.max-concurrent: %d (expected: >= 1)", maxConcurrent);
			require(maxQueued >= 0, "staticflux.limit.max-queued: %d (expected: >= 0)", maxQueued);
			require(positive(queueTimeout), "staticflux.limit.queue-timeout: %s (expected: > 0)", queueTimeout);
			require(!retryAfter.isNegative(), "staticflux.limit.retry-after: %s (expected: >= 0)", retryAfter);
		}
	}

	/** @param logInterval how often a one-line summary is logged; {@code 0} turns it off */
	public record Stats(@DefaultValue("30s") Duration logInterval) {
		public Stats {
			require(!logInterval.isNegative(), "staticflux.stats.log-interval: %s (expected: >= 0)", logInterval);
		}
	}

	/**
	 * @param enabled whether access-log lines are written
	 * @param file the active log file; rolled files sit beside it
	 * @param maxFileSize the size at which the file is rolled
	 * @param maxHistory how many rolled files are kept
	 */
	public record AccessLog(@DefaultValue("true") boolean enabled, @DefaultValue("logs/access.log") Path file,
			@DefaultValue("10MB") DataSize maxFileSize, @DefaultValue("7") int maxHistory) {
		public AccessLog {
			require(maxFileSize.toBytes() > 0, "staticflux.access-log.max-file-size: %s (expected: > 0)", maxFileSize);
			require(maxHistory >= 0, "staticflux.access-log.max-history: %d (expected: >= 0)", maxHistory);
		}
	}

	/**
	 * @param enabled whether the dashboard and its stream are served
	 * @param path where the dashboard is served; the stream is at {@code path + "/stream"}
	 * @param interval how often the stream sends a snapshot
	 */
	public record Dashboard(@DefaultValue("true") boolean enabled, @DefaultValue("/dashboard") String path,
			@DefaultValue("1s") Duration interval) {
		public Dashboard {
			require(path.startsWith("/") && !path.endsWith("/") && path.length() > 1,
					"staticflux.dashboard.path: '%s' (expected: starts with / and does not end with /)", path);
			require(interval.toMillis() >= 100, "staticflux.dashboard.interval: %s (expected: >= 100ms)", interval);
		}
	}

	/**
	 * @param idle a keep-alive connection with no traffic for this long is closed
	 * @param requestHeader a request must arrive whole within this time, or its connection is closed (slowloris)
	 * @param send a response whose client accepts no byte for this long is aborted and its connection (its
	 * stream, on HTTP/2) closed, like nginx's {@code send_timeout}
	 */
	public record Timeouts(@DefaultValue("60s") Duration idle, @DefaultValue("10s") Duration requestHeader,
			@DefaultValue("60s") Duration send) {
		public Timeouts {
			require(positive(idle), "staticflux.timeouts.idle: %s (expected: > 0)", idle);
			require(positive(requestHeader), "staticflux.timeouts.request-header: %s (expected: > 0)", requestHeader);
			require(send.toMillis() >= 100, "staticflux.timeouts.send: %s (expected: >= 100ms)", send);
		}
	}

	/**
	 * @param maxConcurrentStreams streams one HTTP/2 connection may have open at once (the
	 * {@code SETTINGS_MAX_CONCURRENT_STREAMS} announced); more are refused with {@code RST_STREAM}
	 * @param maxHeaderListSize the largest header list a request may send on HTTP/2
	 * ({@code SETTINGS_MAX_HEADER_LIST_SIZE}), the counterpart of {@code server.max-http-request-header-size}
	 */
	public record Http2(@DefaultValue("100") int maxConcurrentStreams, @DefaultValue("8KB") DataSize maxHeaderListSize) {
		public Http2 {
			require(maxConcurrentStreams >= 1 && maxConcurrentStreams <= 10_000,
					"staticflux.http2.max-concurrent-streams: %d (expected: 1 to 10000)", maxConcurrentStreams);
			require(maxHeaderListSize.toBytes() >= 1024 && maxHeaderListSize.toBytes() <= 1024 * 1024,
					"staticflux.http2.max-header-list-size: %s (expected: 1KB to 1MB)", maxHeaderListSize);
		}
	}

	/**
	 * @param eventLoops Netty event-loop threads; {@code 0} means one per core
	 * @param fileIo threads for blocking file-system calls (stat, open, small reads)
	 */
	public record Threads(@DefaultValue("0") int eventLoops, @DefaultValue("16") int fileIo) {
		public Threads {
			require(eventLoops >= 0, "staticflux.threads.event-loops: %d (expected: >= 0)", eventLoops);
			require(fileIo >= 1, "staticflux.threads.file-io: %d (expected: >= 1)", fileIo);
		}
	}

}
