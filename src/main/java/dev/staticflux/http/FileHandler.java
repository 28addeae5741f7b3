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

	/** How often a file on disk may be found changed between its lookup and its opening before a 503. */
	private static final int OPEN_ATTEMPTS = 4;

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
			DirectoryListing listing, Scheduler fileIo, CommonHeaders common, ErrorPages errors) {
		this.roots = roots;
		this.lookup = lookup;
		this.acceptEncoding = acceptEncoding;
		this.hiddenAllowed = hiddenAllowed;
		this.listing = listing;
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
		return lookupAndRespond(new Target(http, root, path, head), OPEN_ATTEMPTS);
	}

	/** Phase 3: lookup, synchronously for a fresh entry in memory (the common case), else off the event loop. */
	private Mono<ServerResponse> lookupAndRespond(Target target, int attempts) {
		FileKey key = new FileKey(target.root(), target.path(), ContentCoding.IDENTITY);
		FileEntry inMemory = (attempts == OPEN_ATTEMPTS) ? lookup.lookupNow(key) : null;
		if (inMemory != null) {
			return respond(target, inMemory, attempts);
		}
		return orServerError(find(key, attempts).flatMap(entry -> respond(target, entry, attempts)), target.root(),
				target.head());
	}

	/** A lookup; on a second attempt, after a file was found changed, one that asks the disk again. */
	private Mono<FileEntry> find(FileKey key, int attempts) {
		return (attempts == OPEN_ATTEMPTS) ? lookup.lookup(key) : lookup.reload(key);
	}

	/** An unexpected I/O failure (not a missing file) answers 500 with the error page; the cause is only logged. */
	private Mono<ServerResponse> orServerError(Mono<ServerResponse> response, Path root, boolean head) {
		return response.onErrorResume(ex -> {
			logger.warn("I/O failure serving a request; answering 500", ex);
			return error(HttpStatus.INTERNAL_SERVER_ERROR, root, head);
		});
	}

	/** Phase 4: what the path named. */
	private Mono<ServerResponse> respond(Target target, FileEntry entry, int attempts) {
		ServerHttpRequest http = target.http();
		switch (entry.resolution().kind()) {
			case FILE:
				return negotiate(target, entry, attempts);
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
				return list(entry, target);
			case FORBIDDEN:
				return error(HttpStatus.FORBIDDEN, target.root(), target.head());
			default:
				return error(HttpStatus.NOT_FOUND, target.root(), target.head());
		}
	}

	/** Phase 5: precompressed variant, if one exists and the client accepts it. */
	private Mono<ServerResponse> negotiate(Target target, FileEntry identity, int attempts) {
		ContentCoding coding = choose(target.http().getHeaders(), identity);
		if (coding == ContentCoding.IDENTITY) {
			return entity(target, identity, !identity.variants().isEmpty(), attempts);
		}
		FileKey key = new FileKey(target.root(), target.path(), coding);
		FileEntry inMemory = (attempts == OPEN_ATTEMPTS) ? lookup.lookupNow(key) : null;
		if (inMemory != null) {
			return entity(target, variantOr(inMemory, identity), true, attempts);
		}
		return orServerError(find(key, attempts).flatMap(variant -> entity(target, variantOr(variant, identity), true,
				attempts)), target.root(), target.head());
	}

	private ContentCoding choose(HttpHeaders headers, FileEntry identity) {
		return acceptEncoding.choose(headers.getFirst(HttpHeaders.ACCEPT_ENCODING), identity.variants());
	}

	/**
	 * Phases 6 to 8 for the chosen file. A body on disk is opened first, off the event loop, and checked to be the
	 * version the headers describe (see {@link OpenedFile}); when the file has changed since it was looked up, as
	 * a file replaced by rename while requested does, the lookup is repeated, and after {@value #OPEN_ATTEMPTS}
	 * changes in a row the answer is 503 with {@code Retry-After}.
	 */
	private Mono<ServerResponse> entity(Target target, FileEntry entry, boolean varies, int attempts) {
		HttpHeaders headers = target.http().getHeaders();
		Representation representation = entry.representation();
		if (representation.body() != null || target.head()) {
			return Mono.just(send(headers, representation, varies, target.head(), null));
		}
		return OpenedFile.open(entry.resolution(), fileIo).<ServerResponse>map(file -> {
			EngineResponse response = send(headers, representation, varies, false, file);
			if (response.file() == null) {
				file.close();
			}
			return response;
		}).switchIfEmpty(Mono.defer(() -> {
			if (attempts > 1) {
				return lookupAndRespond(target, attempts - 1);
			}
			logger.debug(entry.resolution().file() + " changed " + OPEN_ATTEMPTS + " times while being opened; answering 503");
			return errors.render(HttpStatus.SERVICE_UNAVAILABLE, target.root(), target.head(),
					b -> b.header(HttpHeaders.RETRY_AFTER, "1"));
		}));
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
			return new Answer(send(headers, identity.representation(), !identity.variants().isEmpty(), head, null), 1);
		}
		FileEntry variant = lookup.peekNow(new FileKey(root, path, coding));
		return (variant != null)
				? new Answer(send(headers, variantOr(variant, identity).representation(), true, head, null), 2) : null;
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

	/** The variant, or the original when the variant file has gone since it was listed. */
	private static FileEntry variantOr(FileEntry variant, FileEntry identity) {
		return variant.representation() != null ? variant : identity;
	}

	/**
	 * Phases 6 to 8: preconditions, ranges, body.
	 * @param file the opened file when the representation's body is on disk and may be sent, else {@code null}
	 */
	private EngineResponse send(HttpHeaders requestHeaders, Representation representation, boolean varies,
			boolean head, OpenedFile file) {
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
				return partial(representation, varies, parsed.ranges(), file);
			}
		}
		EngineResponse.Builder builder = entity(common.status(HttpStatus.OK), representation, varies)
			.header(HttpHeaders.CONTENT_TYPE, representation.contentType())
			.header(HttpHeaders.CONTENT_LENGTH, Long.toString(representation.length()));
		if (head) {
			return builder.build();
		}
		return representation.body() != null ? builder.body(EngineResponse.Body.memory(representation.body().duplicate()))
				: builder.file(file).body(EngineResponse.Body.file(file, 0, representation.length(), fileIo));
	}

	private EngineResponse partial(Representation representation, boolean varies, List<ByteRanges.Range> ranges,
			OpenedFile file) {
		EngineResponse.Builder builder = entity(common.status(HttpStatus.PARTIAL_CONTENT), representation, varies);
		if (ranges.size() == 1) {
			ByteRanges.Range range = ranges.get(0);
			return builder.header(HttpHeaders.CONTENT_TYPE, representation.contentType())
				.header(HttpHeaders.CONTENT_RANGE, contentRange(range, representation.length()))
				.header(HttpHeaders.CONTENT_LENGTH, Long.toString(range.length()))
				.file(file)
				.body(part(representation, range, file));
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
					: EngineResponse.Part.file(file, range.first(), range.length(), fileIo));
		}
		ByteBuffer end = ascii("\r\n--" + boundary + "--\r\n");
		length += end.remaining();
		parts.add(EngineResponse.Part.memory(end));
		return builder.header(HttpHeaders.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary)
			.header(HttpHeaders.CONTENT_LENGTH, Long.toString(length))
			.file(file)
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

	private EngineResponse.Body part(Representation representation, ByteRanges.Range range, OpenedFile file) {
		return representation.body() != null
				? EngineResponse.Body.memory(representation.bodySlice(range.first(), range.length()))
				: EngineResponse.Body.file(file, range.first(), range.length(), fileIo);
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

	private Mono<ServerResponse> list(FileEntry entry, Target target) {
		RequestPath path = target.path();
		boolean head = target.head();
		String title = "/" + path.relative() + (path.relative().isEmpty() ? "" : "/");
		return Mono.fromCallable(() -> listing.render(entry.resolution().file(), target.root(), title))
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

	/**
	 * What a GET or HEAD asked for, once its method and path have been checked.
	 * @param http the request
	 * @param root the root of its host
	 * @param path its checked path
	 * @param head whether it is a HEAD
	 */
	private record Target(ServerHttpRequest http, Path root, RequestPath path, boolean head) {
	}

}
