package dev.staticflux.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileKey;
import dev.staticflux.cache.FileLookup;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.HostRoots;
import dev.staticflux.files.Representation;
import dev.staticflux.files.Resolution;
import dev.staticflux.files.RequestPath;

/**
 * The file engine's request pipeline. Phases, in order: method, path check, lookup (memory or disk, never on
 * the event loop), kind (redirect, listing, errors), content negotiation (precompressed variants),
 * preconditions (304/412), ranges (206/416), body.
 */
public final class FileHandler implements HandlerFunction<ServerResponse> {

	private static final Log logger = LogFactory.getLog(FileHandler.class);

	static final String ALLOW = "GET, HEAD, OPTIONS";

	private static final String ACCEPT_RANGES = "Accept-Ranges";

	private static final String BYTES = "bytes";

	private static final Pattern LEADING_SLASHES = Pattern.compile("^/{2,}");

	private final HostRoots roots;

	private final FileLookup lookup;

	private final AcceptEncoding acceptEncoding;

	private final boolean hiddenAllowed;

	private final DirectoryListing listing;

	private final Scheduler fileIo;

	private final CommonHeaders common;

	private final ErrorPages errors;

	FileHandler(HostRoots roots, FileLookup lookup, AcceptEncoding acceptEncoding, boolean hiddenAllowed,
			Scheduler fileIo, CommonHeaders common, ErrorPages errors) {
		this.roots = roots;
		this.lookup = lookup;
		this.acceptEncoding = acceptEncoding;
		this.hiddenAllowed = hiddenAllowed;
		this.listing = new DirectoryListing(hiddenAllowed);
		this.fileIo = fileIo;
		this.common = common;
		this.errors = errors;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		ServerHttpRequest http = request.exchange().getRequest();
		HttpHeaders headers = http.getHeaders();
		Path root = roots.rootFor(headers.getFirst(HttpHeaders.HOST));
		// Phase 1: method
		HttpMethod method = http.getMethod();
		boolean head = HttpMethod.HEAD.equals(method);
		if (!head && !HttpMethod.GET.equals(method)) {
			if (HttpMethod.OPTIONS.equals(method)) {
				return Mono.just(common.status(HttpStatus.NO_CONTENT).header(HttpHeaders.ALLOW, ALLOW).build());
			}
			return errors.render(HttpStatus.METHOD_NOT_ALLOWED, root, false, b -> b.header(HttpHeaders.ALLOW, ALLOW));
		}
		// Phase 2: path check, before any file-system access
		String rawPath = http.getPath().value();
		RequestPath path = RequestPath.parse(rawPath);
		if (path.outcome() == RequestPath.Outcome.BAD_REQUEST) {
			return error(HttpStatus.BAD_REQUEST, root, head);
		}
		if (path.outcome() == RequestPath.Outcome.HIDDEN && !hiddenAllowed) {
			return error(HttpStatus.NOT_FOUND, root, head);
		}
		// Phase 3: lookup, synchronously for a fresh entry in memory (the common case), else off the event loop
		FileKey key = new FileKey(root, path, ContentCoding.IDENTITY);
		FileEntry inMemory = lookup.lookupNow(key);
		if (inMemory != null) {
			return respond(http, root, path, inMemory, head);
		}
		return orServerError(lookup.lookup(key).flatMap(entry -> respond(http, root, path, entry, head)), root, head);
	}

	/** An unexpected I/O failure (not a missing file) answers 500 with the error page; the cause is only logged. */
	private Mono<ServerResponse> orServerError(Mono<ServerResponse> response, Path root, boolean head) {
		return response.onErrorResume(ex -> {
			logger.warn("I/O failure serving a request; answering 500", ex);
			return error(HttpStatus.INTERNAL_SERVER_ERROR, root, head);
		});
	}

	/** Phase 4: what the path named. */
	private Mono<ServerResponse> respond(ServerHttpRequest http, Path root, RequestPath path, FileEntry entry,
			boolean head) {
		switch (entry.resolution().kind()) {
			case FILE:
				return negotiate(http, root, path, entry, head);
			case REDIRECT:
				String query = http.getURI().getRawQuery();
				// "//host/dir" as a Location is a network-path reference to another host: keep one leading slash
				String location = LEADING_SLASHES.matcher(http.getPath().value()).replaceFirst("/") + "/"
						+ (query == null ? "" : "?" + query);
				return Mono.just(common.status(HttpStatus.MOVED_PERMANENTLY)
					.header(HttpHeaders.LOCATION, location)
					.header(HttpHeaders.CONTENT_LENGTH, "0")
					.build());
			case LISTING:
				return list(entry, path, head);
			case FORBIDDEN:
				return error(HttpStatus.FORBIDDEN, root, head);
			default:
				return error(HttpStatus.NOT_FOUND, root, head);
		}
	}

	/** Phase 5: precompressed variant, if one exists and the client accepts it. */
	private Mono<ServerResponse> negotiate(ServerHttpRequest http, Path root, RequestPath path, FileEntry identity,
			boolean head) {
		HttpHeaders headers = http.getHeaders();
		ContentCoding coding = choose(headers, identity);
		EngineResponse now = sendNow(headers, root, path, identity, coding, head);
		if (now != null) {
			return Mono.just(now);
		}
		return orServerError(lookup.lookup(new FileKey(root, path, coding))
			.map(variant -> send(headers, variantOr(variant, identity), true, head)), root, head);
	}

	private ContentCoding choose(HttpHeaders headers, FileEntry identity) {
		return acceptEncoding.choose(headers.getFirst(HttpHeaders.ACCEPT_ENCODING), identity.variants());
	}

	/** Phases 6 to 8 for the chosen coding, or {@code null} when that variant is not in memory. */
	private EngineResponse sendNow(HttpHeaders headers, Path root, RequestPath path, FileEntry identity,
			ContentCoding coding, boolean head) {
		if (coding == ContentCoding.IDENTITY) {
			return send(headers, identity.representation(), !identity.variants().isEmpty(), head);
		}
		FileEntry variant = lookup.lookupNow(new FileKey(root, path, coding));
		return (variant != null) ? send(headers, variantOr(variant, identity), true, head) : null;
	}

	/**
	 * The whole pipeline for a GET or HEAD of a file whose entries are fresh in memory, decided at once without
	 * any I/O: what {@link #handle} would answer, with a body that is in memory or empty. {@code null} when the
	 * request needs more than that (a miss, an entry due for revalidation, a redirect, a listing, an error page),
	 * and then only {@link #handle} answers it. The cache hits it took are not counted yet: a caller that sends
	 * the answer counts them with {@link #countHits(Answer)}; one that hands the request on to {@link #handle}
	 * does not, so that no request counts twice.
	 * @param head whether the method is HEAD (otherwise GET)
	 * @param path the request target's path
	 * @param headers the request headers
	 */
	Answer answerNow(boolean head, RequestPath path, HttpHeaders headers) {
		if (path.outcome() == RequestPath.Outcome.BAD_REQUEST
				|| (path.outcome() == RequestPath.Outcome.HIDDEN && !hiddenAllowed)) {
			return null;
		}
		Path root = roots.rootFor(headers.getFirst(HttpHeaders.HOST));
		FileEntry identity = lookup.peekNow(new FileKey(root, path, ContentCoding.IDENTITY));
		if (identity == null || identity.resolution().kind() != Resolution.Kind.FILE) {
			return null;
		}
		ContentCoding coding = choose(headers, identity);
		if (coding == ContentCoding.IDENTITY) {
			return new Answer(send(headers, identity.representation(), !identity.variants().isEmpty(), head), 1);
		}
		FileEntry variant = lookup.peekNow(new FileKey(root, path, coding));
		return (variant != null) ? new Answer(send(headers, variantOr(variant, identity), true, head), 2) : null;
	}

	/** Counts the cache hits of an answer that is being sent. */
	void countHits(Answer answer) {
		lookup.countHits(answer.cacheHits());
	}

	/**
	 * A response decided by {@link #answerNow}.
	 * @param response the response, with an in-memory or empty body
	 * @param cacheHits the cache entries it used
	 */
	record Answer(EngineResponse response, int cacheHits) {
	}

	/** The variant's representation, or the original's when the variant file has gone since it was listed. */
	private static Representation variantOr(FileEntry variant, FileEntry identity) {
		return variant.representation() != null ? variant.representation() : identity.representation();
	}

	/** Phases 6 to 8: preconditions, ranges, body. */
	private EngineResponse send(HttpHeaders requestHeaders, Representation representation, boolean varies,
			boolean head) {
		switch (Preconditions.evaluate(requestHeaders, representation)) {
			case NOT_MODIFIED:
				return validators(common.status(HttpStatus.NOT_MODIFIED), representation, varies).build();
			case FAILED:
				return common.status(HttpStatus.PRECONDITION_FAILED).header(HttpHeaders.CONTENT_LENGTH, "0").build();
			default:
				break;
		}
		String range = head ? null : requestHeaders.getFirst(HttpHeaders.RANGE);
		if (range != null && Preconditions.ifRangeHolds(requestHeaders.getFirst(HttpHeaders.IF_RANGE), representation)) {
			ByteRanges.Parsed parsed = ByteRanges.parse(range, representation.length());
			if (parsed.status() == ByteRanges.Status.UNSATISFIABLE) {
				return unsatisfiable(representation);
			}
			if (parsed.status() == ByteRanges.Status.PARTIAL) {
				return partial(representation, varies, parsed.ranges());
			}
		}
		EngineResponse.Builder builder = entity(common.status(HttpStatus.OK), representation, varies)
			.header(HttpHeaders.CONTENT_TYPE, representation.contentType())
			.header(HttpHeaders.CONTENT_LENGTH, Long.toString(representation.length()));
		if (head) {
			return builder.build();
		}
		return builder.body(representation.body() != null ? EngineResponse.Body.memory(representation.body().duplicate())
				: EngineResponse.Body.file(representation.file(), 0, representation.length(), fileIo));
	}

	private EngineResponse partial(Representation representation, boolean varies, List<ByteRanges.Range> ranges) {
		EngineResponse.Builder builder = entity(common.status(HttpStatus.PARTIAL_CONTENT), representation, varies);
		if (ranges.size() == 1) {
			ByteRanges.Range range = ranges.get(0);
			return builder.header(HttpHeaders.CONTENT_TYPE, representation.contentType())
				.header(HttpHeaders.CONTENT_RANGE, contentRange(range, representation.length()))
				.header(HttpHeaders.CONTENT_LENGTH, Long.toString(range.length()))
				.body(part(representation, range));
		}
		String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
		List<EngineResponse.Part> parts = new ArrayList<>(ranges.size() * 2 + 1);
		long length = 0;
		for (ByteRanges.Range range : ranges) {
			ByteBuffer partHeader = ascii("\r\n--" + boundary + "\r\nContent-Type: " + representation.contentType()
					+ "\r\nContent-Range: " + contentRange(range, representation.length()) + "\r\n\r\n");
			length += partHeader.remaining() + range.length();
			parts.add(EngineResponse.Part.memory(partHeader));
			parts.add(representation.body() != null
					? EngineResponse.Part.memory(representation.bodySlice(range.first(), range.length()))
					: EngineResponse.Part.file(representation.file(), range.first(), range.length(), fileIo));
		}
		ByteBuffer end = ascii("\r\n--" + boundary + "--\r\n");
		length += end.remaining();
		parts.add(EngineResponse.Part.memory(end));
		return builder.header(HttpHeaders.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary)
			.header(HttpHeaders.CONTENT_LENGTH, Long.toString(length))
			.body(EngineResponse.Body.concat(parts));
	}

	private EngineResponse unsatisfiable(Representation representation) {
		byte[] page = ErrorPages.builtInPage(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
		return common.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
			.header(HttpHeaders.CONTENT_RANGE, "bytes */" + representation.length())
			.header(ACCEPT_RANGES, BYTES)
			.header(HttpHeaders.CONTENT_TYPE, "text/html;charset=utf-8")
			.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(page.length))
			.body(EngineResponse.Body.memory(ByteBuffer.wrap(page)));
	}

	private EngineResponse.Body part(Representation representation, ByteRanges.Range range) {
		return representation.body() != null
				? EngineResponse.Body.memory(representation.bodySlice(range.first(), range.length()))
				: EngineResponse.Body.file(representation.file(), range.first(), range.length(), fileIo);
	}

	/** Headers of a 200 or 206: validators plus what describes the entity. */
	private static EngineResponse.Builder entity(EngineResponse.Builder builder, Representation representation,
			boolean varies) {
		return validators(builder, representation, varies).header(ACCEPT_RANGES, BYTES)
			.header(HttpHeaders.CONTENT_ENCODING,
					representation.coding() == ContentCoding.IDENTITY ? null : representation.coding().token());
	}

	/** Headers a 304 must repeat (RFC 9110 §15.4.5). */
	private static EngineResponse.Builder validators(EngineResponse.Builder builder, Representation representation,
			boolean varies) {
		return builder.header(HttpHeaders.ETAG, representation.etag())
			.header(HttpHeaders.LAST_MODIFIED, representation.lastModifiedHeader())
			.header(HttpHeaders.CACHE_CONTROL, representation.cacheControl())
			.header(HttpHeaders.VARY, varies ? HttpHeaders.ACCEPT_ENCODING : null);
	}

	private Mono<ServerResponse> list(FileEntry entry, RequestPath path, boolean head) {
		String title = "/" + path.relative() + (path.relative().isEmpty() ? "" : "/");
		return Mono.fromCallable(() -> listing.render(entry.resolution().file(), title))
			.subscribeOn(fileIo)
			.map(page -> {
				EngineResponse.Builder builder = common.status(HttpStatus.OK)
					.header(HttpHeaders.CONTENT_TYPE, "text/html;charset=utf-8")
					.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(page.length))
					.header(HttpHeaders.CACHE_CONTROL, "no-cache");
				return head ? builder.build() : builder.body(EngineResponse.Body.memory(ByteBuffer.wrap(page)));
			});
	}

	private Mono<ServerResponse> error(HttpStatus status, Path root, boolean head) {
		return errors.render(status, root, head, b -> b);
	}

	private static String contentRange(ByteRanges.Range range, long length) {
		return "bytes " + range.first() + "-" + range.last() + "/" + length;
	}

	private static ByteBuffer ascii(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
	}

}
