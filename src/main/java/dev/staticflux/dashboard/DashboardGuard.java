package dev.staticflux.dashboard;

import java.net.InetSocketAddress;
import java.util.List;

import reactor.core.publisher.Mono;

import dev.staticflux.net.AddressBlock;
import dev.staticflux.web.ErrorResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * In front of every dashboard route (page, stream, assets, redirect): the security
 * headers, then who may look.
 *
 * <p>
 * The dashboard shows how close the server is to its limits, which helps whoever floods
 * it, so only clients in {@code staticflux.dashboard.allow} see it; others get 403 with
 * the site's error page. The client is {@link ServerRequest#remoteAddress()}: the
 * connection's peer, or, only when {@code server.forward-headers-strategy} is set, the
 * address a proxy forwarded (Reactor Netty or Spring's {@code ForwardedHeaderTransformer}
 * puts it there). Every answer, a refusal included, carries
 * {@code X-Content-Type-Options: nosniff}, a {@code Content-Security-Policy} that allows
 * the page's own scripts, styles, images and stream only and no framing (against
 * clickjacking), and {@code Referrer-Policy: no-referrer}.
 */
final class DashboardGuard implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private final List<AddressBlock> allowed;

	private final ErrorResponses errorPages;

	DashboardGuard(List<AddressBlock> allowed, ErrorResponses errorPages) {
		this.allowed = List.copyOf(allowed);
		this.errorPages = errorPages;
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		HttpHeaders headers = request.exchange().getResponse().getHeaders();
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		headers.set("Referrer-Policy", "no-referrer");
		if (!allows(request)) {
			return errorPages.render(request, HttpStatus.FORBIDDEN);
		}
		return next.handle(request);
	}

	private boolean allows(ServerRequest request) {
		InetSocketAddress client = request.remoteAddress().orElse(null);
		if (client == null || client.getAddress() == null) {
			return false;
		}
		return allowed.stream().anyMatch(block -> block.contains(client.getAddress()));
	}

}
