package dev.staticflux.limit;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Writes the answer to a request the {@link ConcurrencyLimiter} turned away. It should
 * answer {@code 503 Service Unavailable}; {@link LimitFilter} adds the
 * {@code Retry-After} header itself. Declare a bean of this type to replace
 * {@link #builtInPage() the built-in page}.
 */
@FunctionalInterface
public interface RejectionResponder {

	/**
	 * @param request the rejected request
	 * @param reason why it was rejected
	 * @param retryAfter the configured {@code staticflux.limit.retry-after}
	 * @return the response, normally a 503
	 */
	Mono<ServerResponse> reject(ServerRequest request, RejectReason reason, Duration retryAfter);

	/** A small self-contained HTML 503 page, used when no other responder is declared. */
	static RejectionResponder builtInPage() {
		return BuiltInRejectionPage.INSTANCE;
	}

}
