package dev.staticflux.engine;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileKey;
import dev.staticflux.cache.FileLookup;
import dev.staticflux.compression.CodingNegotiation;
import dev.staticflux.compression.CompressionPolicy;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.HostRoots;
import dev.staticflux.files.Representation;
import dev.staticflux.files.RequestPath;
import dev.staticflux.files.Resolution;
import dev.staticflux.http.HttpRules;
import dev.staticflux.rules.NavigationFallback;
import dev.staticflux.rules.Redirect;
import dev.staticflux.rules.SiteRulesByHost;

/**
 * The file engine's decision core: a {@link FileRequest} in, a {@link Decision} out, with
 * no server API in between. Phases, in order: method, path check, the site's redirect
 * rules, lookup (memory at once, else a {@link Decision.Lookup}), kind (redirect,
 * listing, errors, the site's fallback for a navigation that found nothing), content
 * negotiation (precompressed variants, compression on the fly), then
 * {@link EntityReplies}: preconditions (304/412), ranges (206/416), body. The site's
 * header rules go on every reply ({@link Exchange#respond}). Both adapters, the WebFlux
 * route and the Reactor Netty one, ask this class; so each rule is written once.
 */
public final class FileEngine {

	private static final Log logger = LogFactory.getLog(FileEngine.class);

	static final String ALLOW = "GET, HEAD, OPTIONS";

	/**
	 * How often a file on disk may be found changed between its lookup and its opening
	 * before a 503.
	 */
	private static final int OPEN_ATTEMPTS = 4;

	private static final Pattern LEADING_SLASHES = Pattern.compile("^/{2,}");

	private final HostRoots roots;

	private final FileLookup lookup;

	private final HttpRules.Negotiation negotiation;

	private final CompressionPolicy compression;

	private final boolean hiddenAllowed;

	private final HttpRules.Listing listing;

	private final CommonHeaders common;

	private final ErrorPages errors;

	private final EntityReplies entities;

	private final SiteRulesByHost siteRules;

	/**
	 * @param settings what the operator configured for the engine
	 * @param roots the served root per host
	 * @param lookup memory or disk
	 * @param common the headers every reply carries
	 * @param siteRules redirects, header rules and fallback per host
	 */
	public FileEngine(EngineSettings settings, HostRoots roots, FileLookup lookup, CommonHeaders common,
			SiteRulesByHost siteRules) {
		this.roots = roots;
		this.siteRules = siteRules;
		this.lookup = lookup;
		this.negotiation = HttpRules.negotiation(settings.precompressed());
		this.compression = settings.compression();
		this.hiddenAllowed = settings.hiddenAllowed();
		this.listing = HttpRules.listing(settings.hiddenAllowed(), settings.followSymlinks());
		this.common = common;
		this.errors = new ErrorPages(common);
		this.entities = new EntityReplies(common);
	}

	/**
	 * Settings of the engine.
	 *
	 * @param hiddenAllowed whether path segments starting with {@code .} are served
	 * @param followSymlinks whether links may lead out of the root (directory listings
	 * show them then)
	 * @param precompressed codings of precompressed variants, most preferred first
	 * @param compression which files are compressed on the fly, and with which codings
	 */
	public record EngineSettings(boolean hiddenAllowed, boolean followSymlinks, List<ContentCoding> precompressed,
			CompressionPolicy compression) {
	}

	/**
	 * Where the adapters perform this engine's {@link Decision.Lookup}s: the lookup it
	 * takes memory hits from.
	 */
	public FileLookup lookup() {
		return lookup;
	}

	/** The first decision for a request. */
	public Decision decide(FileRequest request) {
		Exchange exchange = exchange(request);
		// Phase 1: method
		String method = request.method();
		if (!exchange.head() && !"GET".equals(method)) {
			if ("OPTIONS".equals(method)) {
				return exchange.respond(common.status(HttpStatus.NO_CONTENT).header(HttpHeaders.ALLOW, ALLOW).build());
			}
			return errors.page(HttpStatus.METHOD_NOT_ALLOWED, exchange, b -> b.header(HttpHeaders.ALLOW, ALLOW));
		}
		// Phase 2: path check, before any file-system access
		RequestPath path = RequestPath.parse(exchange.target().rawPath());
		if (path.outcome() == RequestPath.Outcome.BAD_REQUEST) {
			return error(HttpStatus.BAD_REQUEST, exchange);
		}
		if (path.outcome() == RequestPath.Outcome.HIDDEN && !hiddenAllowed) {
			return error(HttpStatus.NOT_FOUND, exchange);
		}
		exchange.path(path);
		// and the site's redirect rules, before the file lookup
		Redirect redirect = exchange.site().redirects().find(path, exchange.target().rawQuery());
		if (redirect != null) {
			return exchange.respond(common.status(HttpStatus.valueOf(redirect.status()))
				.header(HttpHeaders.LOCATION, redirect.location())
				.header(HttpHeaders.CONTENT_LENGTH, "0")
				.build());
		}
		return lookup(exchange, OPEN_ATTEMPTS);
	}

	/**
	 * Called by the adapter that sends a reply, as it starts to: counts the cache hits
	 * the reply was made from. A reply that is not sent (an adapter handing the request
	 * on) is not counted, so no request counts twice.
	 */
	public Reply sending(Decision.Respond respond) {
		if (respond.memoryHits() > 0) {
			lookup.countHits(respond.memoryHits());
		}
		return respond.reply();
	}

	/**
	 * An error reply for a request, from the root of its host: for answers decided
	 * outside the engine, such as the limiter's 503.
	 * @param request the request
	 * @param status the error status
	 */
	public Decision error(FileRequest request, HttpStatus status) {
		return error(status, exchange(request));
	}

	private Exchange exchange(FileRequest request) {
		RequestTarget target = RequestTarget.parse(request.rawTarget());
		// RFC 9112 §3.2.2: an absolute-form target's authority, not Host, names the host
		String host = target.authority() != null ? target.authority() : request.host();
		return new Exchange(request, target, roots.rootFor(host), lookup, siteRules.forHost(host));
	}

	/**
	 * Phase 3: lookup, at once for a fresh entry in memory (the common case), else
	 * through the adapter.
	 */
	private Decision lookup(Exchange exchange, int attempts) {
		FileKey key = new FileKey(exchange.root(), exchange.path(), ContentCoding.IDENTITY);
		FileEntry inMemory = (attempts == OPEN_ATTEMPTS) ? exchange.inMemory(key) : null;
		if (inMemory != null) {
			return kind(exchange, inMemory, attempts);
		}
		return new Decision.Lookup(key, attempts != OPEN_ATTEMPTS, entry -> kind(exchange, entry, attempts),
				ex -> serverError(exchange, ex));
	}

	/**
	 * An unexpected I/O failure (not a missing file) answers 500 with the error page; the
	 * cause is only logged.
	 */
	private Decision serverError(Exchange exchange, Throwable ex) {
		logger.warn("I/O failure serving a request; answering 500", ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, exchange);
	}

	/** Phase 4: what the path named. */
	private Decision kind(Exchange exchange, FileEntry entry, int attempts) {
		switch (entry.resolution().kind()) {
			case FILE:
				return negotiate(exchange, entry, attempts);
			case REDIRECT:
				String query = exchange.target().rawQuery();
				// "//host/dir" as a Location is a network-path reference to another host:
				// keep one leading slash
				String location = LEADING_SLASHES.matcher(exchange.target().rawPath()).replaceFirst("/") + "/"
						+ (query == null ? "" : "?" + query);
				return exchange.respond(common.status(HttpStatus.MOVED_PERMANENTLY)
					.header(HttpHeaders.LOCATION, location)
					.header(HttpHeaders.CONTENT_LENGTH, "0")
					.build());
			case LISTING:
				return list(exchange, entry);
			case FORBIDDEN:
				return error(HttpStatus.FORBIDDEN, exchange);
			default:
				return notFound(exchange, attempts);
		}
	}

	/**
	 * A path that names nothing: 404, or the site's fallback file for a navigation (see
	 * {@link NavigationFallback} for when), once a blocking check has shown the path goes
	 * through no link out of the root.
	 */
	private Decision notFound(Exchange exchange, int attempts) {
		NavigationFallback fallback = exchange.site().fallback();
		if (fallback == null || exchange.fallingBack() || !NavigationFallback.safe(exchange.path(), hiddenAllowed)) {
			return error(HttpStatus.NOT_FOUND, exchange);
		}
		exchange.varyAccept();
		if (!fallback.appliesTo(true, exchange.path(), hiddenAllowed, Resolution.Kind.NOT_FOUND,
				exchange.header(HttpHeaders.ACCEPT))) {
			return error(HttpStatus.NOT_FOUND, exchange);
		}
		Path root = exchange.root();
		RequestPath requested = exchange.path();
		return new Decision.Check(() -> fallback.blockedByLink(root, requested), blocked -> {
			if (blocked) {
				return error(HttpStatus.NOT_FOUND, exchange);
			}
			exchange.fallBack(fallback.file());
			return lookup(exchange, attempts);
		}, ex -> serverError(exchange, ex));
	}

	/**
	 * Phase 5: the coding, among the precompressed variants and the codings the file may
	 * be compressed with on the fly (see {@link CodingNegotiation}). Every response of a
	 * file that has either says {@code Vary: Accept-Encoding}, identity included (RFC
	 * 9110 §12.5.5). A coding compressed on the fly is a cache entry of its own; the
	 * first request for it waits for its one compression (a lookup, on the file-I/O
	 * threads), and an entry made from another version of the file than the original's
	 * entry describes is looked up again, so the two never disagree.
	 */
	private Decision negotiate(Exchange exchange, FileEntry identity, int attempts) {
		exchange.serving(identity.resolution().relative());
		Representation original = identity.existingRepresentation();
		List<ContentCoding> onTheFly = compression.codingsFor(original.contentType(), original.length());
		boolean varies = CodingNegotiation.varies(identity.variants(), onTheFly);
		ContentCoding coding = negotiation.choose(exchange.header(HttpHeaders.ACCEPT_ENCODING), identity.variants(),
				onTheFly);
		if (coding == ContentCoding.IDENTITY) {
			return entity(exchange, identity, varies, attempts);
		}
		boolean compressed = !identity.variants().contains(coding);
		FileKey key = new FileKey(exchange.root(), exchange.path(), coding);
		FileEntry inMemory = (attempts == OPEN_ATTEMPTS) ? exchange.inMemory(key) : null;
		if (inMemory != null && (!compressed || inMemory.resolution().sameVersionAs(identity.resolution()))) {
			return entity(exchange, codedOr(inMemory, identity), varies, attempts);
		}
		boolean reload = attempts != OPEN_ATTEMPTS || inMemory != null;
		return new Decision.Lookup(key, reload, coded -> entity(exchange, codedOr(coded, identity), varies, attempts),
				ex -> serverError(exchange, ex));
	}

	/**
	 * The coded entry, or the original when there are no coded bytes to send: the variant
	 * file has gone since it was listed, or the coding did not make the file smaller.
	 */
	private static FileEntry codedOr(FileEntry coded, FileEntry identity) {
		return coded.representation() != null ? coded : identity;
	}

	/**
	 * Phases 6 to 8 for the chosen file. A body on disk is opened first, off the event
	 * loop, and checked to be the version the headers describe; when the file has changed
	 * since it was looked up, as a file replaced by rename while requested does, the
	 * lookup is repeated, and after {@value #OPEN_ATTEMPTS} changes in a row the answer
	 * is 503 with {@code Retry-After}.
	 */
	private Decision entity(Exchange exchange, FileEntry entry, boolean varies, int attempts) {
		Representation representation = entry.existingRepresentation();
		if (representation.body() != null || exchange.head()) {
			return exchange.respond(entities.reply(exchange, representation, varies));
		}
		return new Decision.Open(entry.resolution(),
				() -> exchange.respond(entities.reply(exchange, representation, varies)), () -> {
					if (attempts > 1) {
						return lookup(exchange, attempts - 1);
					}
					logger.debug(entry.resolution().file() + " changed " + OPEN_ATTEMPTS
							+ " times while being opened; answering 503");
					return errors.page(HttpStatus.SERVICE_UNAVAILABLE, exchange,
							b -> b.header(HttpHeaders.RETRY_AFTER, "1"));
				}, ex -> serverError(exchange, ex));
	}

	private Decision list(Exchange exchange, FileEntry entry) {
		RequestPath path = exchange.path();
		String title = "/" + path.relative() + (path.relative().isEmpty() ? "" : "/");
		return new Decision.Read(() -> listing.render(entry.resolution().existingFile(), exchange.root(), title),
				page -> {
					Reply.Builder builder = common.status(HttpStatus.OK)
						.header(HttpHeaders.CONTENT_TYPE, "text/html;charset=utf-8")
						.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(page.length))
						.header(HttpHeaders.CACHE_CONTROL, "no-cache");
					return exchange.respond(
							exchange.head() ? builder.build() : builder.body(new Reply.Memory(ByteBuffer.wrap(page))));
				}, ex -> serverError(exchange, ex));
	}

	private Decision error(HttpStatus status, Exchange exchange) {
		return errors.page(status, exchange, UnaryOperator.identity());
	}

}
