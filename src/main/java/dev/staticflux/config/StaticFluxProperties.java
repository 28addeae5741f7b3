package dev.staticflux.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

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
 * @param fallback the default site's single-page-app fallback file, e.g. {@code /index.html}, or {@code null}
 * @param redirects the default site's redirect rules, first match wins
 * @param headers response header rules for every site, later same-name rule wins
 * @param mimeTypes media types by file extension, over the built-in table
 * @param cache the in-memory file cache
 * @param limit the admission limiter on file routes
 * @param stats the statistics recorder
 * @param accessLog the access log
 * @param dashboard the live dashboard
 * @param timeouts connection timeouts
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
		@Nullable String fallback,
		@DefaultValue List<RedirectRule> redirects,
		@DefaultValue List<HeaderRule> headers,
		@DefaultValue Map<String, String> mimeTypes,
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
		checkSiteRules("staticflux", fallback, redirects, headers);
		redirects = List.copyOf(redirects);
		headers = List.copyOf(headers);
		mimeTypes = checkedMimeTypes(mimeTypes);
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
	 * @param fallback this host's single-page-app fallback file, or {@code null}
	 * @param redirects this host's redirect rules, tried before {@code staticflux.redirects}
	 * @param headers this host's header rules, applied after {@code staticflux.headers}
	 */
	public record VirtualHost(String name, Path root, @Nullable String fallback, List<RedirectRule> redirects,
			List<HeaderRule> headers) {

		@ConstructorBinding
		public VirtualHost(String name, Path root, @Nullable String fallback, @DefaultValue List<RedirectRule> redirects,
				@DefaultValue List<HeaderRule> headers) {
			require(name != null && !name.isBlank(), "staticflux.hosts[].name: must not be empty");
			require(root != null, "staticflux.hosts[].root: must be set (host %s)", name);
			this.name = name.toLowerCase(Locale.ROOT);
			this.root = root;
			this.fallback = fallback;
			checkSiteRules("staticflux.hosts[" + this.name + "]", fallback, redirects, headers);
			this.redirects = List.copyOf(redirects);
			this.headers = List.copyOf(headers);
		}

		/** A host without site rules of its own. */
		public VirtualHost(String name, Path root) {
			this(name, root, null, List.of(), List.of());
		}
	}

	// Site rules: fallback, redirects, headers, media types (issue 18)

	private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

	/** RFC 9110 §5.6.2 token. */
	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	/** Characters a {@code Location} may carry as written: printable ASCII without space, quote, {@code <>\^`|}. */
	private static final Pattern URI_REFERENCE = Pattern.compile("[!#$%&'()*+,\\-./0-9:;=?@A-Z\\[\\]_a-z{}~]+");

	private static final Pattern ABSOLUTE_URL = Pattern.compile("https?://[^/?#{}]+([/?#].*)?", Pattern.CASE_INSENSITIVE);

	/**
	 * Response headers the engine itself decides (framing, validators, negotiation, the fixed safety headers):
	 * a header rule may not set them, or responses would contradict themselves.
	 */
	private static final Set<String> ENGINE_HEADERS = Set.of("accept-ranges", "allow", "cache-control", "connection",
			"content-encoding", "content-length", "content-range", "content-type", "date", "etag", "keep-alive",
			"last-modified", "location", "proxy-connection", "retry-after", "server", "te", "trailer",
			"transfer-encoding", "upgrade", "vary", "x-content-type-options");

	private static void checkSiteRules(String prefix, @Nullable String fallback, List<RedirectRule> redirects,
			List<HeaderRule> headers) {
		if (fallback != null) {
			require(fallbackPath(fallback), "%s.fallback: '%s' (expected: a file below the root such as /index.html, "
					+ "without . or .. segments, dot-files or a trailing /)", prefix, fallback);
		}
		for (int i = 0; i < redirects.size(); i++) {
			redirects.get(i).check(prefix + ".redirects[" + i + "]");
		}
		for (int i = 0; i < headers.size(); i++) {
			headers.get(i).check(prefix + ".headers[" + i + "]");
		}
	}

	/** A root-relative path that cannot name anything outside the root or hidden: {@code /index.html}. */
	private static boolean fallbackPath(String path) {
		if (!path.startsWith("/") || path.endsWith("/") || path.contains("\\") || path.contains("%")
				|| path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			return false;
		}
		for (String segment : path.substring(1).split("/")) {
			if (segment.isEmpty() || segment.startsWith(".")) {
				return false;
			}
		}
		return true;
	}

	private static Map<String, String> checkedMimeTypes(Map<String, String> configured) {
		Map<String, String> checked = new LinkedHashMap<>();
		configured.forEach((extension, type) -> {
			String key = extension.startsWith(".") ? extension.substring(1) : extension;
			require(!key.isEmpty() && key.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '.' && c != '/'),
					"staticflux.mime-types: '%s' (expected: a file extension such as m3u8)", extension);
			try {
				MediaType.parseMediaType(type);
			}
			catch (InvalidMediaTypeException ex) {
				throw new IllegalArgumentException("staticflux.mime-types.%s: '%s' (expected: a media type such as text/plain)"
					.formatted(key, type), ex);
			}
			checked.put(key.toLowerCase(Locale.ROOT), type.trim());
		});
		return Map.copyOf(checked);
	}

	/**
	 * A redirect rule.
	 * @param from a Spring {@code PathPattern} matched against the request path, e.g. {@code /blog/{year}/{*rest}}
	 * @param to the {@code Location}: a path starting with one {@code /} or an absolute {@code http(s)} URL, with
	 * {@code {name}} for the captures of {@code from}; a capture never in the scheme or host
	 * @param status 301, 302, 303, 307 or 308
	 */
	public record RedirectRule(String from, String to, @DefaultValue("301") int status) {

		void check(String key) {
			require(from != null && from.startsWith("/"), "%s.from: '%s' (expected: a path pattern starting with /)", key, from);
			try {
				PathPatternParser.defaultInstance.parse(from);
			}
			catch (PatternParseException ex) {
				throw new IllegalArgumentException("%s.from: '%s' (expected: a path pattern; %s at position %d)"
					.formatted(key, from, ex.getMessage(), ex.getPosition()), ex);
			}
			require(to != null && URI_REFERENCE.matcher(to).matches(),
					"%s.to: '%s' (expected: a path or URL of printable ASCII; percent-encode other characters)", key, to);
			require((to.startsWith("/") && !to.startsWith("//")) || ABSOLUTE_URL.matcher(to).matches(),
					"%s.to: '%s' (expected: a path starting with a single /, or http(s)://host/... with captures only after the host)",
					key, to);
			require(REDIRECT_STATUSES.contains(status), "%s.status: %d (expected: 301, 302, 303, 307 or 308)", key, status);
		}

	}

	/**
	 * A response header rule.
	 * @param pattern a glob in the syntax of {@code cache-control}: {@code **}, {@code /js/**}, {@code *.woff2}
	 * @param name the header name
	 * @param value the header value
	 */
	public record HeaderRule(String pattern, String name, String value) {

		void check(String key) {
			require(pattern != null && !pattern.isBlank(), "%s.pattern: must not be empty", key);
			require(name != null && TOKEN.matcher(name).matches(), "%s.name: '%s' (expected: a header name)", key, name);
			require(!ENGINE_HEADERS.contains(name.toLowerCase(Locale.ROOT)),
					"%s.name: '%s' (expected: a header the engine does not set itself; Cache-Control has staticflux.cache-control, "
							+ "Server has server.server-header, Content-Type has staticflux.mime-types)", key, name);
			require(value != null && !value.isBlank() && value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f)),
					"%s.value: '%s' (expected: a header value without control characters)", key, value);
		}

	}

	/**
	 * @param maxSize the cache's byte budget; {@code 0} turns caching off
	 * @param maxFileSize files larger than this bypass the cache and go out with zero-copy
	 * @param revalidateAfter how long an entry is served before its file's size and time are checked again
	 * @param fastPath whether a request answered wholly from a fresh cache entry is answered by the engine on
	 * Reactor Netty directly, without building a WebFlux exchange (the same headers, limiter and accounting)
	 * @param fastPathSkipFilters names of {@code WebFilter} beans that need not see the requests the fast path
	 * answers; any other {@code WebFilter} in the context turns the fast path off, so that it sees every request
	 */
	public record Cache(@DefaultValue("64MB") DataSize maxSize, @DefaultValue("1MB") DataSize maxFileSize,
			@DefaultValue("1s") Duration revalidateAfter, @DefaultValue("true") boolean fastPath,
			@DefaultValue List<String> fastPathSkipFilters) {
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
	 */
	public record Timeouts(@DefaultValue("60s") Duration idle, @DefaultValue("10s") Duration requestHeader) {
		public Timeouts {
			require(positive(idle), "staticflux.timeouts.idle: %s (expected: > 0)", idle);
			require(positive(requestHeader), "staticflux.timeouts.request-header: %s (expected: > 0)", requestHeader);
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
