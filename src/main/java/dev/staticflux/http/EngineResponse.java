package dev.staticflux.http;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ZeroCopyHttpOutputMessage;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A response the engine has fully decided: status, header values and a body source. Writing it sets the
 * headers straight on the server response and sends the body without copying it: a shared in-memory buffer
 * is wrapped, a disk file goes out with zero-copy {@code sendfile} where the server supports it.
 */
final class EngineResponse implements ServerResponse {

	private static final MultiValueMap<String, ResponseCookie> NO_COOKIES = new LinkedMultiValueMap<>(0);

	private final HttpStatus status;

	private final List<String> headers;

	private final Body body;

	private final OpenedFile file;

	private EngineResponse(HttpStatus status, List<String> headers, Body body, OpenedFile file) {
		this.status = status;
		this.headers = headers;
		this.body = body;
		this.file = file;
	}

	static Builder status(HttpStatus status) {
		return new Builder(status);
	}

	@Override
	public HttpStatusCode statusCode() {
		return status;
	}

	/** Header names and values, alternating, in the order they were added. */
	List<String> headerList() {
		return headers;
	}

	Body body() {
		return body;
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders copy = new HttpHeaders();
		for (int i = 0; i < headers.size(); i += 2) {
			copy.add(headers.get(i), headers.get(i + 1));
		}
		return HttpHeaders.readOnlyHttpHeaders(copy);
	}

	@Override
	public MultiValueMap<String, ResponseCookie> cookies() {
		return NO_COOKIES;
	}

	@Override
	public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		HttpHeaders target = response.getHeaders();
		for (int i = 0; i < headers.size(); i += 2) {
			target.set(headers.get(i), headers.get(i + 1));
		}
		Mono<Void> written = body.write(response);
		return (file != null) ? written.doFinally(signal -> file.close()) : written;
	}

	/** The file the body is read from, closed once the body is written; {@code null} for none. */
	OpenedFile file() {
		return file;
	}

	/** Where the body comes from. */
	@FunctionalInterface
	interface Body {

		/** No body: HEAD, 304, redirects. */
		Body EMPTY = ServerHttpResponse::setComplete;

		Mono<Void> write(ServerHttpResponse response);

		/** A view of a shared in-memory buffer. */
		static Body memory(ByteBuffer buffer) {
			return new Memory(buffer);
		}

		/** Part of an opened file. */
		static Body file(OpenedFile file, long position, long count, Scheduler fileIo) {
			return new FileBody(file, position, count, fileIo);
		}

		/** Several bodies one after the other (multipart/byteranges). */
		static Body concat(List<Part> parts) {
			return new Concat(parts);
		}

	}

	/**
	 * Part of an opened file, sent with zero-copy {@code sendfile} when the connection allows it (see
	 * {@link OpenedFile#zeroCopy}), else read on the file-I/O threads. Spring's own zero-copy call takes a path
	 * and opens it again, so the region is given to Reactor Netty directly: Spring commits the response first
	 * (status, headers, its commit actions), then the region follows the headers on the connection.
	 */
	record FileBody(OpenedFile file, long position, long count, Scheduler fileIo) implements Body {

		@Override
		public Mono<Void> write(ServerHttpResponse response) {
			if (response instanceof ZeroCopyHttpOutputMessage && response instanceof AbstractServerHttpResponse server) {
				Object nativeResponse = server.getNativeResponse();
				if (nativeResponse instanceof HttpServerResponse netty && OpenedFile.zeroCopy(netty)) {
					return response.setComplete()
						.then(Mono.defer(() -> netty.sendObject(file.region(position, count)).then()));
				}
			}
			return response.writeWith(file.read(position, count, response.bufferFactory(), fileIo));
		}

	}

	/** A body already in memory. */
	record Memory(ByteBuffer buffer) implements Body {

		@Override
		public Mono<Void> write(ServerHttpResponse response) {
			return response.writeWith(Mono.just(response.bufferFactory().wrap(buffer)));
		}

	}

	/** Pieces of a body sent one after the other. */
	record Concat(List<Part> parts) implements Body {

		@Override
		public Mono<Void> write(ServerHttpResponse response) {
			return response.writeWith(Flux.fromIterable(parts).concatMap(part -> part.data(response.bufferFactory())));
		}

	}

	/** One piece of a concatenated body. */
	@FunctionalInterface
	interface Part {

		Flux<DataBuffer> data(DataBufferFactory factory);

		static Part memory(ByteBuffer buffer) {
			return new MemoryPart(buffer);
		}

		static Part file(OpenedFile file, long position, long count, Scheduler fileIo) {
			return factory -> file.read(position, count, factory, fileIo);
		}

	}

	/** A piece already in memory. */
	record MemoryPart(ByteBuffer buffer) implements Part {

		@Override
		public Flux<DataBuffer> data(DataBufferFactory factory) {
			return Flux.just(factory.wrap(buffer));
		}

	}

	/** Collects status, headers and body. */
	static final class Builder {

		private final HttpStatus status;

		private final List<String> headers = new ArrayList<>(20);

		private OpenedFile file;

		private Builder(HttpStatus status) {
			this.status = status;
		}

		/** Adds a header; a {@code null} value is skipped. */
		Builder header(String name, String value) {
			if (value != null) {
				headers.add(name);
				headers.add(value);
			}
			return this;
		}

		/** The response will read its body from this file and close it when written. */
		Builder file(OpenedFile file) {
			this.file = file;
			return this;
		}

		EngineResponse body(Body body) {
			return new EngineResponse(status, headers, body, file);
		}

		EngineResponse build() {
			return body(Body.EMPTY);
		}

	}

}
