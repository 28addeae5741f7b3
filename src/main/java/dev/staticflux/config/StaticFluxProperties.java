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

import dev.staticflux.net.AddressBlock;
import dev.staticflux.units.Units;

/**
 * Everything an operator can set under {@code staticflux.*}. Bound once at start-up and
 * validated here: a bad value stops the server with a message naming the key and quoting
 * the value in the units it is written in ({@code 2GB}, {@code 1s}). An unknown key stops
 * it too, naming the key and the one probably meant
 * ({@link UnknownPropertyFailureAnalyzer}).
 *
 * <p>
 * One file of nested records, longer than our other classes on purpose: the configuration
 * processor documents each key from these records' Javadoc, and one place shows the whole
 * tree of keys with their defaults and checks, as {@code application.yml} lists them.
 *
 * <p>
 * Each {@code @param} below is also the key's description in the generated configuration
 * metadata (what an IDE shows), so it is written as Spring Boot writes its own: a
 * sentence, without Javadoc tags.
 *
 * @param root Directory served for requests whose Host header matches no virtual host,
 * relative to the working directory unless absolute.
 * @param indexFiles File names tried, in order, when a directory is requested.
 * @param directoryListing Whether a directory without an index file is answered with an
 * HTML listing.
 * @param hiddenFiles Whether path segments starting with a dot are served ('deny' answers
 * 404, except for /.well-known/).
 * @param followSymlinks Whether a symbolic link may point outside the root.
 * @param cacheControl Cache-Control rules, each a glob 'pattern' and a header 'value';
 * the first matching rule wins.
 * @param precompressed Content codings (br, gzip) whose precompressed variant is looked
 * for beside each file, as in 'app.js.br'.
 * @param hosts Virtual hosts, each a Host header 'name' and the 'root' served for it,
 * with its own site rules.
 * @param fallback File served with 200, relative to the root (e.g. /index.html), for a
 * navigation (Accept includes text/html) to a path that resolves to nothing: the
 * single-page-app fallback of the default site.
 * @param redirects Redirect rules of the default site, each 'from' (a path pattern), 'to'
 * and 'status'; the first matching rule wins.
 * @param headers Response header rules for every site, each a glob 'pattern', a 'name'
 * and a 'value'; a later rule with the same name wins.
 * @param mimeTypes Media types by file extension, over the built-in table.
 * @param cache In-memory file cache.
 * @param compression Compression on the fly.
 * @param limit Admission limiter on the file routes.
 * @param stats Statistics recorder.
 * @param accessLog Access log.
 * @param dashboard Live dashboard.
 * @param timeouts Connection timeouts.
 * @param http2 Limits of HTTP/2 connections.
 * @param threads Thread pools.
 * @param http3 HTTP/3 over QUIC beside the TCP server.
 */
@ConfigurationProperties(prefix = "staticflux", ignoreUnknownFields = false)
public record StaticFluxProperties(@DefaultValue("./www") Path root,
		@DefaultValue("index.html") List<String> indexFiles, @DefaultValue("false") boolean directoryListing,
		@DefaultValue("deny") HiddenFiles hiddenFiles, @DefaultValue("false") boolean followSymlinks,
		@DefaultValue List<CacheControlRule> cacheControl, @DefaultValue( {
				"br", "zstd", "gzip" }) List<String> precompressed,
		@DefaultValue List<VirtualHost> hosts, @Nullable String fallback, @DefaultValue List<RedirectRule> redirects,
		@DefaultValue List<HeaderRule> headers, @DefaultValue Map<String, String> mimeTypes, @DefaultValue Cache cache,
		@DefaultValue Compression compression, @DefaultValue Limit limit, @DefaultValue Stats stats,
		@DefaultValue AccessLog accessLog, @DefaultValue Dashboard dashboard, @DefaultValue Timeouts timeouts,
		@DefaultValue Http2 http2, @DefaultValue Threads threads, @DefaultValue Http3 http3){

	private static final Set<String> CODINGS = Set.of("br", "zstd", "gzip");

	public StaticFluxProperties {
		for (String name : indexFiles) {
			require(!name.isBlank() && !name.contains("/") && !name.contains("\\") && !name.startsWith("."),
					"staticflux.index-files: '%s' (expected: a plain file name)", name);
		}
		for (String coding : precompressed) {
			require(CODINGS.contains(coding.toLowerCase(Locale.ROOT)),
					"staticflux.precompressed: '%s' (expected: br, zstd or gzip)", coding);
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

	static void require(boolean condition, String message, @Nullable Object... args) {
		if (!condition) {
			throw new IllegalArgumentException(message.formatted(args));
		}
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	/** Whether dot-files and dot-directories are served. */
	public enum HiddenFiles {

		/**
		 * Any segment starting with {@code .} answers 404, except {@code /.well-known/}.
		 */
		DENY,
		/** Dot-files are served like any other file. */
		ALLOW

	}

	/**
	 * One {@code Cache-Control} rule.
	 *
	 * @param pattern Glob matched against the path below the root, such as '*.html' or
	 * 'assets/**'.
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
	 *
	 * @param name Host header value (without port), matched case-insensitively.
	 * @param root Directory served for that host.
	 * @param fallback Single-page-app fallback file of this host, relative to its root.
	 * @param redirects Redirect rules of this host; the first matching rule wins.
	 * @param headers Header rules of this host, applied after staticflux.headers.
	 */
	public record VirtualHost(String name, Path root, @Nullable String fallback, List<RedirectRule> redirects,
			List<HeaderRule> headers) {

		@ConstructorBinding
		public VirtualHost(String name, Path root, @Nullable String fallback,
				@DefaultValue List<RedirectRule> redirects, @DefaultValue List<HeaderRule> headers) {
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

	/**
	 * Characters a {@code Location} may carry as written: printable ASCII without space,
	 * quote, {@code <>\^`|}.
	 */
	private static final Pattern URI_REFERENCE = Pattern.compile("[!#$%&'()*+,\\-./0-9:;=?@A-Z\\[\\]_a-z{}~]+");

	private static final Pattern ABSOLUTE_URL = Pattern.compile("https?://[^/?#{}]+([/?#].*)?",
			Pattern.CASE_INSENSITIVE);

	/**
	 * Response headers the engine itself decides (framing, validators, negotiation, the
	 * fixed safety headers): a header rule may not set them, or responses would
	 * contradict themselves.
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

	/**
	 * A root-relative path that cannot name anything outside the root or hidden:
	 * {@code /index.html}.
	 */
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
				throw new IllegalArgumentException(
						"staticflux.mime-types.%s: '%s' (expected: a media type such as text/plain)".formatted(key,
								type),
						ex);
			}
			checked.put(key.toLowerCase(Locale.ROOT), type.trim());
		});
		return Map.copyOf(checked);
	}

	/**
	 * A redirect rule.
	 *
	 * @param from a Spring {@code PathPattern} matched against the request path, e.g.
	 * {@code /blog/{year}/{*rest}}
	 * @param to the {@code Location}: a path starting with one {@code /} or an absolute
	 * {@code http(s)} URL, with {@code {name}} for the captures of {@code from}; a
	 * capture never in the scheme or host
	 * @param status 301, 302, 303, 307 or 308
	 */
	public record RedirectRule(String from, String to, @DefaultValue("301") int status) {

		void check(String key) {
			require(from != null && from.startsWith("/"), "%s.from: '%s' (expected: a path pattern starting with /)",
					key, from);
			try {
				PathPatternParser.defaultInstance.parse(from);
			}
			catch (PatternParseException ex) {
				throw new IllegalArgumentException("%s.from: '%s' (expected: a path pattern; %s at position %d)"
					.formatted(key, from, ex.getMessage(), ex.getPosition()), ex);
			}
			require(to != null && URI_REFERENCE.matcher(to).matches(),
					"%s.to: '%s' (expected: a path or URL of printable ASCII; percent-encode other characters)", key,
					to);
			require((to.startsWith("/") && !to.startsWith("//")) || ABSOLUTE_URL.matcher(to).matches(),
					"%s.to: '%s' (expected: a path starting with a single /, or http(s)://host/... with captures only after the host)",
					key, to);
			require(REDIRECT_STATUSES.contains(status), "%s.status: %d (expected: 301, 302, 303, 307 or 308)", key,
					status);
		}

	}

	/**
	 * A response header rule.
	 *
	 * @param pattern a glob in the syntax of {@code cache-control}: {@code **},
	 * {@code /js/**}, {@code *.woff2}
	 * @param name the header name
	 * @param value the header value
	 */
	public record HeaderRule(String pattern, String name, String value) {

		void check(String key) {
			require(pattern != null && !pattern.isBlank(), "%s.pattern: must not be empty", key);
			require(name != null && TOKEN.matcher(name).matches(), "%s.name: '%s' (expected: a header name)", key,
					name);
			require(!ENGINE_HEADERS.contains(name.toLowerCase(Locale.ROOT)),
					"%s.name: '%s' (expected: a header the engine does not set itself; Cache-Control has staticflux.cache-control, "
							+ "Server has server.server-header, Content-Type has staticflux.mime-types)",
					key, name);
			require(value != null && !value.isBlank()
					&& value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f)),
					"%s.value: '%s' (expected: a header value without control characters)", key, value);
		}

	}

	/**
	 * @param maxSize Byte budget of the cache, whose bodies are held in direct (off-heap)
	 * memory; 0 turns caching off.
	 * @param maxFileSize Size above which a file bypasses the cache and is sent from disk
	 * with zero-copy.
	 * @param revalidateAfter How long an entry is served before its file's size and
	 * modification time are checked again.
	 * @param fastPath Whether file requests are answered below WebFlux, without a WebFlux
	 * exchange (same headers, limiter and accounting): cache hits on Reactor Netty, and
	 * on HTTP/1.x connections hits and misses straight from the HTTP codec.
	 * @param fastPathSkipFilters Names of WebFilter beans that need not see the requests
	 * the fast path answers; any other WebFilter in the context turns the fast path off,
	 * so that it sees every request.
	 */
	public record Cache(@DefaultValue("64MB") DataSize maxSize, @DefaultValue("1MB") DataSize maxFileSize,
			@DefaultValue("1s") Duration revalidateAfter, @DefaultValue("true") boolean fastPath,
			@DefaultValue List<String> fastPathSkipFilters) {
		public Cache {
			require(!maxSize.isNegative(), "staticflux.cache.max-size: %s (expected: >= 0)", Units.size(maxSize));
			require(!maxFileSize.isNegative(), "staticflux.cache.max-file-size: %s (expected: >= 0)",
					Units.size(maxFileSize));
			require(maxSize.toBytes() == 0 || maxFileSize.toBytes() <= maxSize.toBytes(),
					"staticflux.cache.max-file-size: %s (expected: <= max-size %s)", Units.size(maxFileSize),
					Units.size(maxSize));
			require(maxFileSize.toBytes() <= Integer.MAX_VALUE - 8,
					"staticflux.cache.max-file-size: %s (expected: < 2GB)", Units.size(maxFileSize));
			require(!revalidateAfter.isNegative(), "staticflux.cache.revalidate-after: %s (expected: >= 0)",
					Units.duration(revalidateAfter));
		}

		public boolean enabled() {
			return maxSize.toBytes() > 0;
		}
	}

	/**
	 * Compression on the fly (docs/CACHE.md, "Compression on the fly"): a file is
	 * compressed once per version and coding and the coded bytes are kept in the cache
	 * beside the original.
	 *
	 * @param enabled Whether files are compressed on the fly; precompressed variants are
	 * served either way.
	 * @param codings Codings offered, most preferred first: the order decides among
	 * codings the client accepts with equal q.
	 * @param types Media ranges compressed (type/subtype, type/*, type/*+suffix); types
	 * whose bytes are compressed already (images other than SVG, ICO and BMP, audio,
	 * video, archives, WOFF) never are, and naming one stops start-up.
	 * @param minSize Size below which files are sent as they are.
	 * @param levels Level of each coding.
	 */
	public record Compression(@DefaultValue("true") boolean enabled, @DefaultValue( {
			"zstd", "br", "gzip" }) List<String> codings,
			@DefaultValue({ "text/*", "application/javascript", "application/json", "application/*+json",
					"application/xml", "application/*+xml", "image/svg+xml", "application/wasm", "font/ttf", "font/otf",
					"image/x-icon", "image/vnd.microsoft.icon", "image/bmp", "application/yaml", "application/toml",
					"application/vnd.ms-fontobject" }) List<String> types,
			@DefaultValue("1KB") DataSize minSize, @DefaultValue Levels levels){
		public Compression {
			for (String coding : codings) {
				require(CODINGS.contains(coding.toLowerCase(Locale.ROOT)),
						"staticflux.compression.codings: '%s' (expected: zstd, br or gzip)", coding);
			}
			require(!minSize.isNegative(), "staticflux.compression.min-size: %s (expected: >= 0)", Units.size(minSize));
			codings = codings.stream().map(c -> c.toLowerCase(Locale.ROOT)).distinct().toList();
			types = List.copyOf(types);
		}
	}

	/**
	 * Compression levels: higher is smaller and slower. A file is compressed once per
	 * version, so the defaults sit above what servers that compress every response use,
	 * yet keep a 100 KB file to a few milliseconds (docs/CACHE.md has the measurements).
	 *
	 * @param gzip Gzip level, 1 to 9.
	 * @param br Brotli quality, 0 to 11.
	 * @param zstd Zstandard level, 1 to 19 (higher 'ultra' levels need windows browsers
	 * refuse, RFC 9659 3).
	 */
	public record Levels(@DefaultValue("6") int gzip, @DefaultValue("6") int br, @DefaultValue("9") int zstd) {
		public Levels {
			require(gzip >= 1 && gzip <= 9, "staticflux.compression.levels.gzip: %d (expected: 1 to 9)", gzip);
			require(br >= 0 && br <= 11, "staticflux.compression.levels.br: %d (expected: 0 to 11)", br);
			require(zstd >= 1 && zstd <= 19, "staticflux.compression.levels.zstd: %d (expected: 1 to 19)", zstd);
		}
	}

	/**
	 * @param maxConcurrent Requests served at once on the file routes.
	 * @param maxQueued Requests waiting for a permit, in arrival order; beyond it,
	 * requests are answered 503 at once.
	 * @param queueTimeout Longest time a request waits for a permit before it is answered
	 * 503.
	 * @param retryAfter Retry-After header sent with a 503.
	 */
	public record Limit(@DefaultValue("1024") int maxConcurrent, @DefaultValue("1024") int maxQueued,
			@DefaultValue("5s") Duration queueTimeout, @DefaultValue("1s") Duration retryAfter) {
		public Limit {
			require(maxConcurrent >= 1, "staticflux.limit.max-concurrent: %d (expected: >= 1)", maxConcurrent);
			require(maxQueued >= 0, "staticflux.limit.max-queued: %d (expected: >= 0)", maxQueued);
			require(positive(queueTimeout), "staticflux.limit.queue-timeout: %s (expected: > 0)",
					Units.duration(queueTimeout));
			require(!retryAfter.isNegative(), "staticflux.limit.retry-after: %s (expected: >= 0)",
					Units.duration(retryAfter));
		}
	}

	/**
	 * @param logInterval How often a one-line summary of the statistics is logged; 0
	 * turns it off.
	 */
	public record Stats(@DefaultValue("30s") Duration logInterval) {
		public Stats {
			require(!logInterval.isNegative(), "staticflux.stats.log-interval: %s (expected: >= 0)",
					Units.duration(logInterval));
		}
	}

	/**
	 * @param enabled Whether a line is written for every response.
	 * @param file Active access-log file, relative to the working directory unless
	 * absolute; rolled files sit beside it.
	 * @param maxFileSize Size at which the file is rolled.
	 * @param maxHistory How many rolled files are kept.
	 * @param format Line format: 'combined' (Apache's Combined Log Format and the time in
	 * ms) or 'json' (one object a line, the time in microseconds).
	 */
	public record AccessLog(@DefaultValue("true") boolean enabled, @DefaultValue("logs/access.log") Path file,
			@DefaultValue("10MB") DataSize maxFileSize, @DefaultValue("7") int maxHistory,
			@DefaultValue("combined") Format format) {

		public AccessLog {
			require(maxFileSize.toBytes() > 0, "staticflux.access-log.max-file-size: %s (expected: > 0)",
					Units.size(maxFileSize));
			require(maxHistory >= 0, "staticflux.access-log.max-history: %d (expected: >= 0)", maxHistory);
		}

		/** The access log's line format. */
		public enum Format {

			/**
			 * Apache's Combined Log Format followed by the response time in whole
			 * milliseconds.
			 */
			COMBINED,
			/** One JSON object a line, the response time in microseconds. */
			JSON

		}
	}

	/**
	 * @param enabled Whether the dashboard and its event stream are served on the file
	 * server's port.
	 * @param path Path of the dashboard; its event stream is at this path plus '/stream'.
	 * @param interval How often the event stream sends a snapshot.
	 * @param allow Address blocks (CIDR, IPv4 and IPv6) of the clients that may see the
	 * dashboard and its stream; others get 403. The client is the connection's peer, or
	 * the forwarded one when server.forward-headers-strategy is set.
	 * @param maxViewers Event streams open at once; beyond it, 503 with Retry-After.
	 */
	public record Dashboard(@DefaultValue("true") boolean enabled, @DefaultValue("/dashboard") String path,
			@DefaultValue("1s") Duration interval, @DefaultValue( {
					"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
					"fc00::/7" }) List<String> allow,
			@DefaultValue("16") int maxViewers){
		public Dashboard {
			require(path.startsWith("/") && !path.endsWith("/") && path.length() > 1,
					"staticflux.dashboard.path: '%s' (expected: starts with / and does not end with /)", path);
			require(interval.toMillis() >= 100, "staticflux.dashboard.interval: %s (expected: >= 100ms)",
					Units.duration(interval));
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
	 * @param requestHeader Time within which a request's head must have arrived whole, or
	 * its connection is closed (slowloris).
	 * @param send Time after which a response whose client accepts no byte is aborted and
	 * its connection (its stream, on HTTP/2) closed, like nginx's send_timeout.
	 */
	public record Timeouts(@DefaultValue("60s") Duration idle, @DefaultValue("10s") Duration requestHeader,
			@DefaultValue("60s") Duration send) {
		public Timeouts {
			require(positive(idle), "staticflux.timeouts.idle: %s (expected: > 0)", Units.duration(idle));
			require(positive(requestHeader), "staticflux.timeouts.request-header: %s (expected: > 0)",
					Units.duration(requestHeader));
			require(send.toMillis() >= 100, "staticflux.timeouts.send: %s (expected: >= 100ms)", Units.duration(send));
		}
	}

	/**
	 * @param maxConcurrentStreams Streams one HTTP/2 connection may have open at once
	 * (the SETTINGS_MAX_CONCURRENT_STREAMS announced); more are refused with RST_STREAM.
	 * @param maxHeaderListSize Largest header list a request may send on HTTP/2
	 * (SETTINGS_MAX_HEADER_LIST_SIZE), the counterpart of
	 * server.max-http-request-header-size.
	 */
	public record Http2(@DefaultValue("100") int maxConcurrentStreams,
			@DefaultValue("8KB") DataSize maxHeaderListSize) {
		public Http2 {
			require(maxConcurrentStreams >= 1 && maxConcurrentStreams <= 10_000,
					"staticflux.http2.max-concurrent-streams: %d (expected: 1 to 10000)", maxConcurrentStreams);
			require(maxHeaderListSize.toBytes() >= 1024 && maxHeaderListSize.toBytes() <= 1024 * 1024,
					"staticflux.http2.max-header-list-size: %s (expected: 1KB to 1MB)", Units.size(maxHeaderListSize));
		}
	}

	/**
	 * HTTP/3 (RFC 9114) over QUIC (RFC 9000) on the server's port number over UDP, with
	 * the certificate of server.ssl.bundle, advertised to TCP clients with Alt-Svc (RFC
	 * 7838).
	 *
	 * @param enabled Whether the QUIC listener runs; requires server.ssl.bundle.
	 * @param altSvcMaxAge How long a client may remember that the origin speaks HTTP/3
	 * (the 'ma' of the Alt-Svc header, whole seconds).
	 * @param idleTimeout How long a QUIC connection with no traffic stays open
	 * (max_idle_timeout, RFC 9000 10.1).
	 * @param maxConnections QUIC connections open at once; a client beyond it is refused
	 * with CONNECTION_REFUSED and falls back to TCP.
	 * @param maxStreams Requests a client may have in flight at once on one connection
	 * (initial_max_streams_bidi; RFC 9114 6.1 asks for at least 100).
	 * @param connectionWindow Bytes a client may send on one connection before the server
	 * grants more (initial_max_data).
	 * @param streamWindow Bytes a client may send on one request stream before the server
	 * grants more.
	 * @param retryAboveHandshakes Handshakes in progress above which a new connection
	 * must first prove its address with a Retry token (RFC 9000 8.1.2); 0 means always.
	 */
	public record Http3(@DefaultValue("false") boolean enabled, @DefaultValue("24h") Duration altSvcMaxAge,
			@DefaultValue("30s") Duration idleTimeout, @DefaultValue("10000") int maxConnections,
			@DefaultValue("100") int maxStreams, @DefaultValue("4MB") DataSize connectionWindow,
			@DefaultValue("1MB") DataSize streamWindow, @DefaultValue("64") int retryAboveHandshakes) {
		public Http3 {
			require(positive(altSvcMaxAge) && altSvcMaxAge.toNanosPart() == 0,
					"staticflux.http3.alt-svc-max-age: %s (expected: > 0, whole seconds)",
					Units.duration(altSvcMaxAge));
			require(idleTimeout.toMillis() >= 1000, "staticflux.http3.idle-timeout: %s (expected: >= 1s)",
					Units.duration(idleTimeout));
			require(maxConnections >= 1, "staticflux.http3.max-connections: %d (expected: >= 1)", maxConnections);
			require(maxStreams >= 1, "staticflux.http3.max-streams: %d (expected: >= 1)", maxStreams);
			require(connectionWindow.toBytes() >= 1024, "staticflux.http3.connection-window: %s (expected: >= 1KB)",
					Units.size(connectionWindow));
			require(streamWindow.toBytes() >= 1024 && streamWindow.toBytes() <= connectionWindow.toBytes(),
					"staticflux.http3.stream-window: %s (expected: >= 1KB and <= connection-window %s)",
					Units.size(streamWindow), Units.size(connectionWindow));
			require(retryAboveHandshakes >= 0, "staticflux.http3.retry-above-handshakes: %d (expected: >= 0)",
					retryAboveHandshakes);
		}
	}

	/**
	 * @param eventLoops Netty event-loop threads; 0 means one per core.
	 * @param fileIo Threads for blocking file-system calls (stat, open, small reads).
	 * @param acceptOnEventLoops Whether the event loops accept new connections themselves
	 * instead of a thread of their own: less CPU per short-lived connection, but a burst
	 * of thousands of new connections waits in the accept queue while the loops serve
	 * requests (docs/PERFORMANCE.md, "A fresh connection's cost").
	 */
	public record Threads(@DefaultValue("0") int eventLoops, @DefaultValue("16") int fileIo,
			@DefaultValue("false") boolean acceptOnEventLoops) {
		public Threads {
			require(eventLoops >= 0, "staticflux.threads.event-loops: %d (expected: >= 0)", eventLoops);
			require(fileIo >= 1, "staticflux.threads.file-io: %d (expected: >= 1)", fileIo);
		}
	}

}
