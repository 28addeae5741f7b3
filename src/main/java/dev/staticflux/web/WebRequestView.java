package dev.staticflux.web;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;

import dev.staticflux.engine.FileRequest;

/**
 * A WebFlux request as the engine core sees it.
 */
final class WebRequestView implements FileRequest {

	private final ServerHttpRequest request;

	private final HttpHeaders headers;

	WebRequestView(ServerHttpRequest request) {
		this.request = request;
		this.headers = request.getHeaders();
	}

	@Override
	public String method() {
		return request.getMethod().name();
	}

	/**
	 * An origin-form target as WebFlux has it (the same bytes as sent, unless a
	 * {@code ForwardedHeaderTransformer} has taken a forwarded prefix off the path); any
	 * other form (absolute-form, whose authority names the host) as Reactor Netty
	 * received it, since WebFlux keeps no trace of its form.
	 */
	@Override
	public String rawTarget() {
		HttpServerRequest reactor = reactor();
		if (reactor != null && !reactor.uri().startsWith("/")) {
			return reactor.uri();
		}
		URI uri = request.getURI();
		String query = uri.getRawQuery();
		return request.getPath().value() + (query == null ? "" : "?" + query);
	}

	@Override
	public @Nullable String host() {
		return headers.getFirst(HttpHeaders.HOST);
	}

	@Override
	public @Nullable String header(String name) {
		List<String> values = headers.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		return (values.size() == 1) ? values.get(0) : String.join(", ", values);
	}

	@Override
	public @Nullable InetSocketAddress clientAddress() {
		return request.getRemoteAddress();
	}

	@Override
	public String protocol() {
		HttpServerRequest reactor = reactor();
		return (reactor != null) ? reactor.protocol() : "HTTP/1.1";
	}

	private @Nullable HttpServerRequest reactor() {
		if (request instanceof AbstractServerHttpRequest server
				&& server.getNativeRequest() instanceof HttpServerRequest reactor) {
			return reactor;
		}
		return null;
	}

}
