package dev.staticflux.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileKey;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.Representation;
import dev.staticflux.files.RequestPath;
import dev.staticflux.files.Resolution;

/**
 * Error replies: the body is {@code <root>/errors/<code>.html} when that file exists
 * (looked up like any file, so it is cached too), else a small built-in page. Neither
 * ever contains a path, a stack trace or the request target, so nothing about the
 * server's file system leaks. A site page too large for the cache is opened and checked
 * first, and the built-in page stands in if it has changed since its lookup or cannot be
 * read.
 */
final class ErrorPages {

	private static final String HTML = "text/html;charset=utf-8";

	private final CommonHeaders common;

	ErrorPages(CommonHeaders common) {
		this.common = common;
	}

	/**
	 * @param status the error status
	 * @param exchange the request, whose root's {@code errors/} folder is used
	 * @param headers adds headers specific to this error, such as {@code Allow} or
	 * {@code Retry-After}
	 */
	Decision page(HttpStatus status, Exchange exchange, UnaryOperator<Reply.Builder> headers) {
		FileKey key = new FileKey(exchange.root(), RequestPath.parse("/errors/" + status.value() + ".html"),
				ContentCoding.IDENTITY);
		FileEntry inMemory = exchange.inMemory(key);
		if (inMemory != null) {
			return fromEntry(status, inMemory, exchange, headers);
		}
		return new Decision.Lookup(key, false, entry -> fromEntry(status, entry, exchange, headers),
				ex -> builtIn(status, exchange, headers));
	}

	private Decision fromEntry(HttpStatus status, FileEntry entry, Exchange exchange,
			UnaryOperator<Reply.Builder> headers) {
		if (entry.resolution().kind() != Resolution.Kind.FILE) {
			return builtIn(status, exchange, headers);
		}
		Representation page = entry.existingRepresentation();
		Reply.Builder builder = headers.apply(common.status(status)
			.header(HttpHeaders.CONTENT_TYPE, HTML)
			.header(HttpHeaders.CONTENT_LENGTH, Long.toString(page.length())));
		if (exchange.head()) {
			return exchange.respond(builder.build());
		}
		if (page.body() != null) {
			return exchange.respond(builder.body(new Reply.Memory(page.body().duplicate())));
		}
		return new Decision.Open(entry.resolution(),
				() -> exchange.respond(builder.body(new Reply.FileRange(0, page.length()))),
				() -> builtIn(status, exchange, headers), ex -> builtIn(status, exchange, headers));
	}

	private Decision builtIn(HttpStatus status, Exchange exchange, UnaryOperator<Reply.Builder> headers) {
		byte[] page = builtInPage(status);
		Reply.Builder builder = headers.apply(common.status(status)
			.header(HttpHeaders.CONTENT_TYPE, HTML)
			.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(page.length)));
		return exchange
			.respond(exchange.head() ? builder.build() : builder.body(new Reply.Memory(ByteBuffer.wrap(page))));
	}

	static byte[] builtInPage(HttpStatus status) {
		String title = status.value() + " " + status.getReasonPhrase();
		return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
				+ "</title></head>\n<body><h1>" + title + "</h1></body></html>\n")
			.getBytes(StandardCharsets.UTF_8);
	}

}
