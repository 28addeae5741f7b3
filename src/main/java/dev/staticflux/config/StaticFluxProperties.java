package dev.staticflux.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.staticflux.net.AddressBlock;
import dev.staticflux.units.Units;

/**
 * Everything an operator can set under {@code staticflux.*}. Bound once at start-up and
 * validated here: a bad value stops the server with a message naming the key and quoting the value in the units
 * it is written in ({@code 2GB}, {@code 1s}). An unknown key stops it too, naming the key and the one probably
 * meant ({@link UnknownPropertyFailureAnalyzer}).
 *
 * <p>
 * Each {@code @param} below is also the key's description in the generated configuration metadata (what an IDE
 * shows), so it is written as Spring Boot writes its own: a sentence, without Javadoc tags.
 *
 * @param root Directory served for requests whose Host header matches no virtual host, relative to the working
 * directory unless absolute.
 * @param indexFiles File names tried, in order, when a directory is requested.
 * @param directoryListing Whether a directory without an index file is answered with an HTML listing.
 * @param hiddenFiles Whether path segments starting with a dot are served ('deny' answers 404, except for
 * /.well-known/).
 * @param followSymlinks Whether a symbolic link may point outside the root.
 * @param cacheControl Cache-Control rules, each a glob 'pattern' and a header 'value'; the first matching rule wins.
 * @param precompressed Content codings (br, gzip) whose precompressed variant is looked for beside each file, as in
 * 'app.js.br'.
 * @param hosts Virtual hosts, each a Host header 'name' and the 'root' served for it.
 * @param cache In-memory file cache.
 * @param limit Admission limiter on the file routes.
 * @param stats Statistics recorder.
 * @param accessLog Access log.
 * @param dashboard Live dashboard.
 * @param timeouts Connection timeouts.
 * @param threads Thread pools.
 */
@ConfigurationProperties(prefix = "staticflux", ignoreUnknownFields = false)
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
	 * @param pattern Glob matched against the path below the root, such as '*.html' or 'assets/**'.
	 * @param value Header value, such as 'no-cache'.
	 */
	public record CacheControlRule(String pattern, String value) {
		public CacheControlRule {
			require(pattern != null && !pattern.isBlank(), "staticflux.cache-control[].pattern: must not be empty");
			require(value != null && !value.isBlank(),
					"staticflux.cache-control[].value: must not be empty (pattern %s)", pattern);
		}
	}

	/**
	 * A virtual host.
	 * @param name Host header value (without port), matched case-insensitively.
	 * @param root Directory served for that host.
	 */
	public record VirtualHost(String name, Path root) {
		public VirtualHost {
			require(name != null && !name.isBlank(), "staticflux.hosts[].name: must not be empty");
			require(root != null, "staticflux.hosts[].root: must be set (host %s)", name);
			name = name.toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * @param maxSize Byte budget of the cache, whose bodies are held in direct (off-heap) memory; 0 turns caching
	 * off.
	 * @param maxFileSize Size above which a file bypasses the cache and is sent from disk with zero-copy.
	 * @param revalidateAfter How long an entry is served before its file's size and modification time are checked
	 * again.
	 * @param fastPath Whether a request answered wholly from a fresh cache entry is answered on Reactor Netty
	 * directly, without a WebFlux exchange (same headers, limiter and accounting).
	 * @param fastPathSkipFilters Names of WebFilter beans that need not see the requests the fast path answers;
	 * any other WebFilter in the context turns the fast path off, so that it sees every request.
	 */
	public record Cache(@DefaultValue("64MB") DataSize maxSize, @DefaultValue("1MB") DataSize maxFileSize,
			@DefaultValue("1s") Duration revalidateAfter, @DefaultValue("true") boolean fastPath,
			@DefaultValue List<String> fastPathSkipFilters) {
		public Cache {
			require(!maxSize.isNegative(), "staticflux.cache.max-size: %s (expected: >= 0)", Units.size(maxSize));
			require(!maxFileSize.isNegative(),
					"staticflux.cache.max-file-size: %s (expected: >= 0)", Units.size(maxFileSize));
			require(maxSize.toBytes() == 0 || maxFileSize.toBytes() <= maxSize.toBytes(),
					"staticflux.cache.max-file-size: %s (expected: <= max-size %s)",
					Units.size(maxFileSize), Units.size(maxSize));
			require(maxFileSize.toBytes() <= Integer.MAX_VALUE - 8,
					"staticflux.cache.max-file-size: %s (expected: < 2GB)", Units.size(maxFileSize));
			require(!revalidateAfter.isNegative(),
					"staticflux.cache.revalidate-after: %s (expected: >= 0)", Units.duration(revalidateAfter));
		}

		public boolean enabled() {
			return maxSize.toBytes() > 0;
		}
	}

	/**
	 * @param maxConcurrent Requests served at once on the file routes.
	 * @param maxQueued Requests waiting for a permit, in arrival order; beyond it, requests are answered 503 at once.
	 * @param queueTimeout Longest time a request waits for a permit before it is answered 503.
	 * @param retryAfter Retry-After header sent with a 503.
	 */
	public record Limit(@DefaultValue("1024") int maxConcurrent, @DefaultValue("1024") int maxQueued,
			@DefaultValue("5s") Duration queueTimeout, @DefaultValue("1s") Duration retryAfter) {
		public Limit {
			require(maxConcurrent >= 1, "staticflux.limit.max-concurrent: %d (expected: >= 1)", maxConcurrent);
			require(maxQueued >= 0, "staticflux.limit.max-queued: %d (expected: >= 0)", maxQueued);
			require(positive(queueTimeout),
					"staticflux.limit.queue-timeout: %s (expected: > 0)", Units.duration(queueTimeout));
			require(!retryAfter.isNegative(),
					"staticflux.limit.retry-after: %s (expected: >= 0)", Units.duration(retryAfter));
		}
	}

	/** @param logInterval How often a one-line summary of the statistics is logged; 0 turns it off. */
	public record Stats(@DefaultValue("30s") Duration logInterval) {
		public Stats {
			require(!logInterval.isNegative(),
					"staticflux.stats.log-interval: %s (expected: >= 0)", Units.duration(logInterval));
		}
	}

	/**
	 * @param enabled Whether a line is written for every response.
	 * @param file Active access-log file, relative to the working directory unless absolute; rolled files sit beside
	 * it.
	 * @param maxFileSize Size at which the file is rolled.
	 * @param maxHistory How many rolled files are kept.
	 * @param format Line format: 'combined' (Apache's Combined Log Format and the time in ms) or 'json' (one
	 * object a line, the time in microseconds).
	 */
	public record AccessLog(@DefaultValue("true") boolean enabled, @DefaultValue("logs/access.log") Path file,
			@DefaultValue("10MB") DataSize maxFileSize, @DefaultValue("7") int maxHistory,
			@DefaultValue("combined") Format format) {
		public AccessLog {
			require(maxFileSize.toBytes() > 0,
					"staticflux.access-log.max-file-size: %s (expected: > 0)", Units.size(maxFileSize));
			require(maxHistory >= 0, "staticflux.access-log.max-history: %d (expected: >= 0)", maxHistory);
		}

		/** The access log's line format. */
		public enum Format {
			/** Apache's Combined Log Format followed by the response time in whole milliseconds. */
			COMBINED,
			/** One JSON object a line, the response time in microseconds. */
			JSON
		}
	}

	/**
	 * @param enabled Whether the dashboard and its event stream are served on the file server's port.
	 * @param path Path of the dashboard; its event stream is at this path plus '/stream'.
	 * @param interval How often the event stream sends a snapshot.
	 * @param allow Address blocks (CIDR, IPv4 and IPv6) of the clients that may see the dashboard and its stream;
	 * others get 403. The client is the connection's peer, or the forwarded one when
	 * server.forward-headers-strategy is set.
	 * @param maxViewers Event streams open at once; beyond it, 503 with Retry-After.
	 */
	public record Dashboard(@DefaultValue("true") boolean enabled, @DefaultValue("/dashboard") String path,
			@DefaultValue("1s") Duration interval,
			@DefaultValue({ "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
					"fc00::/7" }) List<String> allow,
			@DefaultValue("16") int maxViewers) {
		public Dashboard {
			require(path.startsWith("/") && !path.endsWith("/") && path.length() > 1,
					"staticflux.dashboard.path: '%s' (expected: starts with / and does not end with /)", path);
			require(interval.toMillis() >= 100,
					"staticflux.dashboard.interval: %s (expected: >= 100ms)", Units.duration(interval));
			for (String block : allow) {
				try {
					AddressBlock.parse(block);
				}
				catch (IllegalArgumentException ex) {
					require(false, "staticflux.dashboard.allow: '%s' (expected: an address block such as 10.0.0.0/8 or "
							+ "fc00::/7: %s)", block, ex.getMessage());
				}
			}
			require(maxViewers >= 1, "staticflux.dashboard.max-viewers: %d (expected: >= 1)", maxViewers);
			allow = List.copyOf(allow);
		}

		/** The {@link #allow} blocks, parsed. */
		public List<AddressBlock> allowedBlocks() {
			return allow.stream().map(AddressBlock::parse).toList();
		}
	}

	/**
	 * @param idle Time after which a keep-alive connection without traffic is closed.
	 * @param requestHeader Time within which a request's head must have arrived whole, or its connection is closed
	 * (slowloris).
	 */
	public record Timeouts(@DefaultValue("60s") Duration idle, @DefaultValue("10s") Duration requestHeader) {
		public Timeouts {
			require(positive(idle), "staticflux.timeouts.idle: %s (expected: > 0)", Units.duration(idle));
			require(positive(requestHeader),
					"staticflux.timeouts.request-header: %s (expected: > 0)", Units.duration(requestHeader));
		}
	}

	/**
	 * @param eventLoops Netty event-loop threads; 0 means one per core.
	 * @param fileIo Threads for blocking file-system calls (stat, open, small reads).
	 */
	public record Threads(@DefaultValue("0") int eventLoops, @DefaultValue("16") int fileIo) {
		public Threads {
			require(eventLoops >= 0, "staticflux.threads.event-loops: %d (expected: >= 0)", eventLoops);
			require(fileIo >= 1, "staticflux.threads.file-io: %d (expected: >= 1)", fileIo);
		}
	}

}
