package dev.staticflux.limit;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Puts the routes it filters behind a {@link ConcurrencyLimiter}: a request waits for a
 * permit, is handled, and holds the permit until its response has been written. A
 * rejected request gets the {@link RejectionResponder}'s answer with a
 * {@code Retry-After} header.
 *
 * <p>
 * The permit is released exactly once, on whichever happens first: the response's write
 * completes, fails or is cancelled; the handler fails, answers nothing, or is cancelled
 * before a response exists. Filters applied outside this one must write the response they
 * get from it (or cancel), otherwise its permit is never released.
 *
 * <p>
 * It is also where the Reactor Netty adapter takes its permits ({@link #serveIfFreeNow}),
 * so that every file request, whichever adapter answers it, is admitted and released
 * here, in {@link #holding}.
 */
public final class LimitFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private final ConcurrencyLimiter limiter;

	private final Duration retryAfter;

	private final String retryAfterHeader;

	private final RejectionResponder responder;

	/**
	 * @param limiter the limiter that grants permits
	 * @param retryAfter sent as {@code Retry-After} with every rejection, in whole
	 * seconds rounded up
	 * @param responder writes the body of a rejection
	 */
	public LimitFilter(ConcurrencyLimiter limiter, Duration retryAfter, RejectionResponder responder) {
		this.limiter = limiter;
		this.retryAfter = retryAfter;
		this.retryAfterHeader = Long.toString(retryAfterSeconds(retryAfter));
		this.responder = responder;
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		Permit free = this.limiter.tryAcquire();
		if (free != null) {
			return serve(request, next, free);
		}
		return this.limiter.acquire()
			.flatMap(permit -> serve(request, next, permit))
			.onErrorResume(LimitRejectedException.class, rejection -> reject(request, rejection.reason()));
	}

	private static Mono<ServerResponse> serve(ServerRequest request, HandlerFunction<ServerResponse> next,
			Permit permit) {
		return Mono.defer(() -> next.handle(request))
			.<ServerResponse>map(response -> new PermitReleasingResponse(response, permit))
			.doOnSuccess(response -> {
				if (response == null) {
					permit.release();
				}
			})
			.doOnError(error -> permit.release())
			.doOnCancel(permit::release);
	}

	/**
	 * Serves a request with a permit that is free at once, for an adapter that cannot
	 * wait (the Reactor Netty one): decides what to write, takes a permit, writes, and
	 * releases the permit when the write ends. When nothing was decided ({@code null}),
	 * deciding failed, or no permit is free, the request goes {@code elsewhere}, where it
	 * may queue.
	 * @param decide what to write, or {@code null} to hand the request on; free of side
	 * effects, as it may be followed by {@code elsewhere}
	 * @param write writes what was decided
	 * @param elsewhere the way that takes every request
	 */
	public <T> Publisher<Void> serveIfFreeNow(Supplier<@Nullable T> decide, Function<T, Publisher<Void>> write,
			Supplier<Publisher<Void>> elsewhere) {
		T decided;
		try {
			decided = decide.get();
		}
		catch (RuntimeException ex) {
			// the other way meets the same failure and answers it the usual way
			decided = null;
		}
		Permit permit = (decided != null) ? this.limiter.tryAcquire() : null;
		if (permit == null) {
			return elsewhere.get();
		}
		T toWrite = decided;
		return holding(permit, () -> write.apply(toWrite));
	}

	/**
	 * A permit for an adapter that writes without Reactor (the connection handler that
	 * answers cache hits below Reactor Netty): one that is free now with nobody queued,
	 * else {@code null}, and the request goes the way that can queue. The caller releases
	 * it when its write ends, however it ends, as {@link #holding} does.
	 */
	public @Nullable Permit admitNow() {
		return this.limiter.tryAcquire();
	}

	/**
	 * The write, holding the permit until it completes, fails or is cancelled (client
	 * gone), not just until it starts, because a slow download is exactly the work the
	 * limiter must count.
	 */
	static Mono<Void> holding(Permit permit, Supplier<? extends Publisher<Void>> write) {
		Mono<Void> written;
		try {
			written = Mono.from(write.get());
		}
		catch (RuntimeException ex) {
			permit.release();
			throw ex;
		}
		return written.doFinally(signal -> permit.release());
	}

	private Mono<ServerResponse> reject(ServerRequest request, RejectReason reason) {
		// Set on the exchange, not on the responder's response: ServerResponse headers
		// are read-only, and
		// writeTo adds its own headers to these, so the header is there whatever the
		// responder builds.
		request.exchange().getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, this.retryAfterHeader);
		return this.responder.reject(request, reason, this.retryAfter);
	}

	/**
	 * {@code Retry-After} takes whole seconds; a fraction is rounded up so clients never
	 * come back early.
	 */
	static long retryAfterSeconds(Duration retryAfter) {
		long seconds = retryAfter.getSeconds();
		return (retryAfter.getNano() > 0) ? seconds + 1 : seconds;
	}

}
