package dev.staticflux.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.support.Netty4HeadersAdapter;

import dev.staticflux.files.RequestPath;
import dev.staticflux.limit.ConcurrencyLimiter;
import dev.staticflux.limit.Permit;

/**
 * Answers on Reactor Netty directly the requests that the {@link FileHandler} can answer from fresh cache entries
 * without any I/O (see {@link FileHandler#answerNow}): a GET or HEAD of a cached file, including its 304, 206, 412
 * and 416. Such a request gets exactly the response the WebFlux route would give, produced by the same engine
 * code, without the cost of building a WebFlux exchange and dispatching it (URI parsing, header adapters,
 * handler lookup, filters), which is most of the time a cache hit takes.
 *
 * <p>It is a Reactor Netty route placed before the one that leads to WebFlux: its predicate decides the response
 * and its handler writes it; a request it declines goes on to WebFlux untouched. Declined, and so left to
 * WebFlux: any other method; a request with a body ({@code Content-Length} or {@code Transfer-Encoding}); a
 * request target that is not a plain origin-form path (absolute-form, a character outside RFC 3986's path and
 * query characters); the dashboard's and Actuator's paths; and everything {@code answerNow} declines (misses,
 * entries due for revalidation, files sent from disk, redirects, listings, error pages). What stays the same:
 * the admission limiter (when no permit is free at once, the request goes to WebFlux, where it queues); the
 * accounting and the access log, which live in Reactor Netty below both routes; keep-alive, pipelining and
 * timeouts, which are Reactor Netty's. What it skips: application {@code WebFilter}s, which is why
 * {@code staticflux.cache.fast-path=false} exists.
 *
 * <p>The predicate and the handler of one route are called one after the other on the same thread (Reactor
 * Netty's {@code DefaultHttpServerRoutes}), which is how the decided response passes from one to the other.
 */
final class FastPath implements Predicate<HttpServerRequest>, BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

	private static final ThreadLocal<Decided> DECIDED = new ThreadLocal<>();

	private static final boolean[] URI_CHARS = new boolean[128];

	static {
		String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/%?";
		for (int i = 0; i < allowed.length(); i++) {
			URI_CHARS[allowed.charAt(i)] = true;
		}
	}

	private final FileHandler engine;

	private final ConcurrencyLimiter limiter;

	private final List<String> reserved;

	private final LongAdder answered = new LongAdder();

	/**
	 * @param engine decides the responses
	 * @param limiter the admission limiter of the file route
	 * @param reserved paths of other routes, without the leading {@code /} (e.g. {@code dashboard}): they and
	 * everything below them are declined
	 */
	FastPath(FileHandler engine, ConcurrencyLimiter limiter, List<String> reserved) {
		this.engine = engine;
		this.limiter = limiter;
		this.reserved = List.copyOf(reserved);
	}

	@Override
	public boolean test(HttpServerRequest request) {
		HttpMethod method = request.method();
		boolean head = HttpMethod.HEAD.equals(method);
		if (!head && !HttpMethod.GET.equals(method)) {
			return false;
		}
		HttpHeaders headers = request.requestHeaders();
		if (headers.contains(HttpHeaderNames.CONTENT_LENGTH) || headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return false;
		}
		String rawPath = rawPath(request.uri());
		if (rawPath == null) {
			return false;
		}
		RequestPath path = RequestPath.parse(rawPath);
		if (isReserved(path.relative())) {
			return false;
		}
		FileHandler.Answer answer;
		try {
			answer = engine.answerNow(head, path,
					new org.springframework.http.HttpHeaders(new Netty4HeadersAdapter(headers)));
		}
		catch (RuntimeException ex) {
			// WebFlux will meet the same failure and answer it the usual way
			return false;
		}
		if (answer == null) {
			return false;
		}
		Permit permit = limiter.tryAcquire();
		if (permit == null) {
			return false;
		}
		engine.countHits(answer);
		answered.increment();
		DECIDED.set(new Decided(answer.response(), permit));
		return true;
	}

	@Override
	public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		Decided decided = DECIDED.get();
		DECIDED.remove();
		Permit permit = decided.permit();
		try {
			EngineResponse answer = decided.response();
			response.status(HttpResponseStatus.valueOf(answer.statusCode().value()));
			HttpHeaders target = response.responseHeaders();
			List<String> headers = answer.headerList();
			for (int i = 0; i < headers.size(); i += 2) {
				target.set(headers.get(i), headers.get(i + 1));
			}
			ByteBuf body = body(answer.body());
			if (body == null) {
				permit.release();
				return Mono.empty();
			}
			return response.sendObject(body).then().doFinally(signal -> permit.release());
		}
		catch (RuntimeException ex) {
			permit.release();
			throw ex;
		}
	}

	/** The bytes of a body {@code answerNow} produced: always in memory; {@code null} for none. */
	private static ByteBuf body(EngineResponse.Body body) {
		if (body instanceof EngineResponse.Memory memory) {
			return Unpooled.wrappedBuffer(memory.buffer());
		}
		if (body instanceof EngineResponse.Concat concat) {
			ByteBuffer[] parts = new ByteBuffer[concat.parts().size()];
			for (int i = 0; i < parts.length; i++) {
				parts[i] = ((EngineResponse.MemoryPart) concat.parts().get(i)).buffer();
			}
			return Unpooled.wrappedBuffer(parts);
		}
		if (body == EngineResponse.Body.EMPTY) {
			return null;
		}
		throw new IllegalStateException("Not an in-memory body: " + body);
	}

	/** How many requests this path has answered. */
	long answered() {
		return answered.sum();
	}

	private boolean isReserved(String relative) {
		for (String prefix : reserved) {
			if (relative.startsWith(prefix)
					&& (relative.length() == prefix.length() || relative.charAt(prefix.length()) == '/')) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The path of an origin-form request target made only of RFC 3986 path and query characters (which a
	 * {@code java.net.URI}, and so WebFlux, takes as they are), without its query; otherwise {@code null}.
	 */
	static String rawPath(String uri) {
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

	private record Decided(EngineResponse response, Permit permit) {
	}

}
