package dev.staticflux.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
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
import dev.staticflux.files.RequestPath;
import dev.staticflux.files.Resolution;

/**
 * Error responses: the body is {@code <root>/errors/<code>.html} when that file exists (looked up like any
 * file, so it is cached too), else a small built-in page. Neither ever contains a path, a stack trace or the
 * request target, so nothing about the server's file system leaks.
 */
public final class ErrorPages {

	private static final String HTML = "text/html;charset=utf-8";

	private final FileLookup lookup;

	private final HostRoots roots;

	private final CommonHeaders common;

	private final Scheduler fileIo;

	ErrorPages(FileLookup lookup, HostRoots roots, CommonHeaders common, Scheduler fileIo) {
		this.lookup = lookup;
		this.roots = roots;
		this.common = common;
		this.fileIo = fileIo;
	}

	/**
	 * An error answer for a request, from the root of the request's host; used by other packages, such as the
	 * limiter's 503.
	 * @param request the request being answered
	 * @param status the error status
	 */
	public Mono<ServerResponse> render(ServerRequest request, HttpStatus status) {
		Path root = roots.rootFor(request.headers().firstHeader(HttpHeaders.HOST));
		return render(status, root, HttpMethod.HEAD.equals(request.method()), b -> b);
	}

	/**
	 * @param status the error status
	 * @param root the served directory whose {@code errors/} folder is used
	 * @param head whether the request was HEAD (headers only)
	 * @param headers adds headers specific to this error, such as {@code Allow} or {@code Retry-After}
	 */
	Mono<ServerResponse> render(HttpStatus status, Path root, boolean head,
			UnaryOperator<EngineResponse.Builder> headers) {
		FileKey key = new FileKey(root, RequestPath.parse("/errors/" + status.value() + ".html"), ContentCoding.IDENTITY);
		return lookup.lookup(key)
			.flatMap(entry -> entry.resolution().kind() == Resolution.Kind.FILE ? respond(status, entry, head, headers)
					: Mono.just(builtIn(status, head, headers)))
			.onErrorResume(ex -> Mono.just(builtIn(status, head, headers)));
	}

	/**
	 * The site's page. One too large for the cache is opened and checked first (see {@link OpenedFile}), and the
	 * built-in page stands in if it has changed since its lookup.
	 */
	private Mono<ServerResponse> respond(HttpStatus status, FileEntry entry, boolean head,
			UnaryOperator<EngineResponse.Builder> headers) {
		Representation page = entry.representation();
		EngineResponse.Builder builder = headers.apply(common.status(status)
			.header(HttpHeaders.CONTENT_TYPE, HTML)
			.header(HttpHeaders.CONTENT_LENGTH, Long.toString(page.length())));
		if (head) {
			return Mono.just(builder.build());
		}
		if (page.body() != null) {
			return Mono.just(builder.body(EngineResponse.Body.memory(page.body().duplicate())));
		}
		return OpenedFile.open(entry.resolution(), fileIo)
			.<ServerResponse>map(file -> builder.file(file).body(EngineResponse.Body.file(file, 0, page.length(), fileIo)))
			.defaultIfEmpty(builtIn(status, head, headers));
	}

	private ServerResponse builtIn(HttpStatus status, boolean head, UnaryOperator<EngineResponse.Builder> headers) {
		byte[] page = builtInPage(status);
		EngineResponse.Builder builder = headers.apply(common.status(status)
			.header(HttpHeaders.CONTENT_TYPE, HTML)
			.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(page.length)));
		return head ? builder.build() : builder.body(EngineResponse.Body.memory(ByteBuffer.wrap(page)));
	}

	static byte[] builtInPage(HttpStatus status) {
		String title = status.value() + " " + status.getReasonPhrase();
		return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
				+ "</title></head>\n<body><h1>" + title + "</h1></body></html>\n")
			.getBytes(StandardCharsets.UTF_8);
	}

}
