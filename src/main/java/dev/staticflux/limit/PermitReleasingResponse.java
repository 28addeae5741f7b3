package dev.staticflux.limit;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * A response that holds a {@link Permit} until it has been written (see
 * {@link LimitFilter#holding}), not just until the handler returns.
 */
final class PermitReleasingResponse implements ServerResponse {

	private final ServerResponse delegate;

	private final Permit permit;

	PermitReleasingResponse(ServerResponse delegate, Permit permit) {
		this.delegate = delegate;
		this.permit = permit;
	}

	@Override
	public HttpStatusCode statusCode() {
		return this.delegate.statusCode();
	}

	@Override
	public HttpHeaders headers() {
		return this.delegate.headers();
	}

	@Override
	public MultiValueMap<String, ResponseCookie> cookies() {
		return this.delegate.cookies();
	}

	@Override
	public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
		return Mono.defer(() -> LimitFilter.holding(this.permit, () -> this.delegate.writeTo(exchange, context)));
	}

	@Override
	public String toString() {
		return "PermitReleasingResponse[" + this.delegate + "]";
	}

}
