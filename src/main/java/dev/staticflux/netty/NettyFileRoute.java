package dev.staticflux.netty;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpRouteHandlerMetadata;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import dev.staticflux.engine.Decision;
import dev.staticflux.engine.FileEngine;
import dev.staticflux.engine.FileRequest;
import dev.staticflux.engine.Reply;
import dev.staticflux.files.RequestPath;
import dev.staticflux.limit.LimitFilter;

/**
 * The Reactor Netty adapter of the engine core: answers on Reactor Netty directly the
 * requests whose reply the core decides without any I/O (a GET or HEAD of a fresh cached
 * file, with its 304, 206, 412 and 416; a redirect or an error page held in memory), and
 * hands every other request to WebFlux, whose route asks the same core. A reply sent here
 * is exactly the one WebFlux would send, without the cost of building a WebFlux exchange
 * and dispatching it (URI parsing, header adapters, handler lookup, filters), which is
 * most of the time a cache hit takes.
 *
 * <p>
 * It wraps Reactor Netty's route to WebFlux (see {@link #wrap}): one handler that either
 * answers or calls the WebFlux handler, so nothing passes between a predicate and a
 * handler and nothing is decided twice. Handed to WebFlux untouched: any method but GET
 * and HEAD; a request with a body ({@code Content-Length} or {@code Transfer-Encoding});
 * a target that is not a plain origin-form path (absolute-form, a character outside RFC
 * 3986's path and query characters, which WebFlux would re-encode or refuse); the paths
 * of other routes (the dashboard, Actuator); and whatever needs I/O. The admission
 * limiter is the same ({@link LimitFilter}: when no permit is free at once, the request
 * goes to WebFlux, where it queues); the accounting and the access log live in Reactor
 * Netty below both; keep-alive, pipelining and timeouts are Reactor Netty's. Application
 * {@code WebFilter}s would not see what it answers, which is why it is not installed when
 * there are any (see {@link NettyAdapterConfiguration}).
 */
public final class NettyFileRoute {

	private static final boolean[] URI_CHARS = new boolean[128];

	static {
		String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/%?";
		for (int i = 0; i < allowed.length(); i++) {
			URI_CHARS[allowed.charAt(i)] = true;
		}
	}

	private final FileEngine engine;

	private final LimitFilter admission;

	private final List<String> reserved;

	private final LongAdder answered = new LongAdder();

	private final LongAdder answeredFromCodec = new LongAdder();

	private final AtomicInteger respondingFromCodec = new AtomicInteger();

	/**
	 * @param engine decides the replies
	 * @param admission the admission limiter of the file route
	 * @param reserved paths of other routes, without the leading {@code /} (e.g.
	 * {@code dashboard}): they and everything below them go to WebFlux
	 */
	NettyFileRoute(FileEngine engine, LimitFilter admission, List<String> reserved) {
		this.engine = engine;
		this.admission = admission;
		this.reserved = List.copyOf(reserved);
	}

	/**
	 * Routes that send to WebFlux through this adapter: every handler added to the
	 * returned routes (the one Spring Boot adds last, to WebFlux) is called only for what
	 * this adapter does not answer.
	 */
	HttpServerRoutes wrap(HttpServerRoutes routes) {
		return new Wrapping(routes, this);
	}

	/**
	 * How many requests this adapter has answered, on Reactor Netty or straight from the
	 * codec ({@link DirectResponder}).
	 */
	public long answered() {
		return answered.sum();
	}

	/** How many of those a {@link DirectResponder} answered, straight from the codec. */
	public long answeredFromCodec() {
		return answeredFromCodec.sum();
	}

	private Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response,
			BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> webFlux) {
		if (!candidate(request.method(), request.uri(), request.requestHeaders())) {
			return webFlux.apply(request, response);
		}
		return admission.serveIfFreeNow(
				() -> replyWithoutIo(new NettyRequestView(request.method(), request.uri(), request.requestHeaders(),
						request.remoteAddress(), request.protocol())),
				reply -> write(reply, response), () -> webFlux.apply(request, response));
	}

	/**
	 * The core's first decision for a request this adapter may answer; {@code null} for
	 * any other, and when deciding failed (the WebFlux route meets the same failure and
	 * answers it the usual way). Free of side effects: a request it returns {@code null}
	 * for, or whose decision is not acted on, goes to WebFlux.
	 * @param method the request's method
	 * @param uri the request target as sent
	 * @param headers the request's header fields
	 * @param view the request as the core sees it
	 */
	@Nullable Decision decide(HttpMethod method, String uri, HttpHeaders headers, FileRequest view) {
		if (!candidate(method, uri, headers)) {
			return null;
		}
		try {
			return engine.decide(view);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private Decision.@Nullable Respond replyWithoutIo(FileRequest view) {
		Decision decision = engine.decide(view);
		return (decision instanceof Decision.Respond respond) ? respond : null;
	}

	private boolean candidate(HttpMethod method, String uri, HttpHeaders headers) {
		if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
			return false;
		}
		if (headers.contains(HttpHeaderNames.CONTENT_LENGTH) || headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return false;
		}
		String rawPath = rawPath(uri);
		return rawPath != null && !isReserved(rawPath);
	}

	/** The admission limiter both adapters take their permits from. */
	LimitFilter admission() {
		return admission;
	}

	/**
	 * The reply to send for a decision, with the engine told it is sent and the answer
	 * counted.
	 */
	Reply sending(Decision.Respond respond) {
		answered.increment();
		return engine.sending(respond);
	}

	/**
	 * How many requests {@link DirectResponder}s have taken and not yet finished sending
	 * the response of, on every connection.
	 */
	public int respondingFromCodec() {
		return respondingFromCodec.get();
	}

	void responding() {
		respondingFromCodec.incrementAndGet();
	}

	void responded() {
		respondingFromCodec.decrementAndGet();
	}

	/** {@link #sending}, for a reply a {@link DirectResponder} writes. */
	Reply sendingFromCodec(Decision.Respond respond) {
		answeredFromCodec.increment();
		return sending(respond);
	}

	private Publisher<Void> write(Decision.Respond respond, HttpServerResponse response) {
		Reply reply = sending(respond);
		response.status(HttpResponseStatus.valueOf(reply.status().value()));
		HeaderStrings.copy(reply.headerList(), response.responseHeaders());
		ByteBuf body = body(reply.body());
		return (body == null) ? Mono.empty() : response.sendObject(body).then();
	}

	/**
	 * The bytes of a reply decided without I/O: always in memory; {@code null} for none.
	 */
	static @Nullable ByteBuf body(Reply.Body body) {
		if (body instanceof Reply.Memory memory) {
			return Unpooled.wrappedBuffer(memory.buffer());
		}
		if (body instanceof Reply.Parts concat) {
			ByteBuffer[] parts = new ByteBuffer[concat.parts().size()];
			for (int i = 0; i < parts.length; i++) {
				parts[i] = ((Reply.Memory) concat.parts().get(i)).buffer();
			}
			return Unpooled.wrappedBuffer(parts);
		}
		if (body == Reply.Empty.INSTANCE) {
			return null;
		}
		throw new IllegalStateException("A reply decided without I/O reads a file: " + body);
	}

	/**
	 * Whether the path is another route's. A plain path (no percent-encoding, no dot or
	 * empty segment) is compared as it is; any other is decoded and normalised first, as
	 * WebFlux's router would match it.
	 */
	private boolean isReserved(String rawPath) {
		boolean plain = rawPath.indexOf('%') < 0 && !rawPath.contains("/.") && !rawPath.contains("//");
		String relative = plain ? rawPath.substring(1) : RequestPath.parse(rawPath).relative();
		for (String prefix : reserved) {
			if (relative.startsWith(prefix)
					&& (relative.length() == prefix.length() || relative.charAt(prefix.length()) == '/')) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The path of an origin-form request target made only of RFC 3986 path and query
	 * characters (which a {@code java.net.URI}, and so WebFlux, takes as they are),
	 * without its query; otherwise {@code null}.
	 */
	static @Nullable String rawPath(String uri) {
		if (uri.isEmpty() || uri.charAt(0) != '/' || uri.startsWith("//")) {
			return null;
		}
		int query = -1;
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c >= 128 || !URI_CHARS[c]) {
				return null;
			}
			if (c == '?' && query < 0) {
				query = i;
			}
		}
		return (query < 0) ? uri : uri.substring(0, query);
	}

	/**
	 * Reactor Netty's routes, with every handler added to them called through
	 * {@link #serve}.
	 */
	private record Wrapping(HttpServerRoutes routes, NettyFileRoute adapter) implements HttpServerRoutes {

		@Override
		public HttpServerRoutes route(Predicate<? super HttpServerRequest> condition,
				BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler) {
			routes.route(condition, (request, response) -> adapter.serve(request, response, handler));
			return this;
		}

		@Override
		public HttpServerRoutes directory(String uri, Path directory,
				@Nullable Function<HttpServerResponse, HttpServerResponse> interceptor) {
			routes.directory(uri, directory, interceptor);
			return this;
		}

		@Override
		public HttpServerRoutes removeIf(Predicate<? super HttpRouteHandlerMetadata> condition) {
			routes.removeIf(condition);
			return this;
		}

		@Override
		public HttpServerRoutes comparator(Comparator<HttpRouteHandlerMetadata> comparator) {
			routes.comparator(comparator);
			return this;
		}

		@Override
		public HttpServerRoutes noComparator() {
			routes.noComparator();
			return this;
		}

		@Override
		public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
			return routes.apply(request, response);
		}

	}

}
