package dev.staticflux.web;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
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

import dev.staticflux.engine.Reply;
import dev.staticflux.http.ServedFile;

/**
 * A {@link Reply} as a WebFlux response. Writing it sets the headers straight on the
 * server response and sends the body without copying it: a shared in-memory buffer is
 * wrapped; a range of the opened file goes out with zero-copy {@code sendfile} where the
 * connection allows it, else is read on the file-I/O threads. The file is closed once the
 * body is written.
 */
final class ReplyResponse implements ServerResponse {

	private static final MultiValueMap<String, ResponseCookie> NO_COOKIES = new LinkedMultiValueMap<>(0);

	private final Reply reply;

	private final @Nullable ServedFile file;

	private final Scheduler fileIo;

	/**
	 * @param reply what to write
	 * @param file the file its {@link Reply.FileRange}s read from, or {@code null} when
	 * it reads none
	 * @param fileIo where a file's bytes are read when they cannot go out with
	 * {@code sendfile}
	 */
	ReplyResponse(Reply reply, @Nullable ServedFile file, Scheduler fileIo) {
		this.reply = reply;
		this.file = file;
		this.fileIo = fileIo;
	}

	@Override
	public HttpStatusCode statusCode() {
		return reply.status();
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders copy = new HttpHeaders();
		List<String> headers = reply.headerList();
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
		writeHead(reply, response);
		Mono<Void> written = write(reply.body(), response);
		ServedFile opened = this.file;
		return (opened != null) ? written.doFinally(signal -> opened.close()) : written;
	}

	/** Sets a reply's status and header fields on the response, straight. */
	static void writeHead(Reply reply, ServerHttpResponse response) {
		response.setStatusCode(reply.status());
		HttpHeaders target = response.getHeaders();
		List<String> headers = reply.headerList();
		for (int i = 0; i < headers.size(); i += 2) {
			target.set(headers.get(i), headers.get(i + 1));
		}
	}

	private Mono<Void> write(Reply.Body body, ServerHttpResponse response) {
		if (body instanceof Reply.Memory memory) {
			return response.writeWith(Mono.just(response.bufferFactory().wrap(memory.buffer())));
		}
		if (body instanceof Reply.FileRange range) {
			return sendFile(range, response);
		}
		if (body instanceof Reply.Parts parts) {
			DataBufferFactory factory = response.bufferFactory();
			return response.writeWith(Flux.fromIterable(parts.parts()).concatMap(part -> part(part, factory)));
		}
		return response.setComplete();
	}

	/**
	 * Spring's own zero-copy call takes a path and opens it again, so the region is given
	 * to Reactor Netty directly: Spring commits the response first (status, headers, its
	 * commit actions), then the region follows the headers on the connection.
	 */
	private Mono<Void> sendFile(Reply.FileRange range, ServerHttpResponse response) {
		ServedFile file = file();
		if (response instanceof ZeroCopyHttpOutputMessage && response instanceof AbstractServerHttpResponse server) {
			Object nativeResponse = server.getNativeResponse();
			if (nativeResponse instanceof HttpServerResponse netty && ServedFile.zeroCopy(netty)) {
				return response.setComplete()
					.then(Mono.defer(() -> netty.sendObject(file.region(range.position(), range.count())).then()));
			}
		}
		return response.writeWith(file.read(range.position(), range.count(), response.bufferFactory(), fileIo));
	}

	private Flux<DataBuffer> part(Reply.Part part, DataBufferFactory factory) {
		if (part instanceof Reply.FileRange range) {
			return file().read(range.position(), range.count(), factory, fileIo);
		}
		return Flux.just(factory.wrap(((Reply.Memory) part).buffer()));
	}

	/**
	 * The opened file, which a reply reading a range of it always comes with (see
	 * {@link FileRouteHandler}).
	 */
	private ServedFile file() {
		return Objects.requireNonNull(this.file, "a reply that reads a file is given the opened file");
	}

	@Override
	public String toString() {
		return "ReplyResponse[" + reply.status() + "]";
	}

}
