package dev.staticflux.netty;

import java.net.InetSocketAddress;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

import dev.staticflux.engine.FileRequest;

/** A Reactor Netty request as the engine core sees it. */
final class NettyRequestView implements FileRequest {

	private final HttpServerRequest request;

	private final HttpHeaders headers;

	NettyRequestView(HttpServerRequest request) {
		this.request = request;
		this.headers = request.requestHeaders();
	}

	@Override
	public String method() {
		return request.method().name();
	}

	@Override
	public String rawTarget() {
		return request.uri();
	}

	@Override
	public @Nullable String host() {
		return headers.get(HttpHeaderNames.HOST);
	}

	@Override
	public @Nullable String header(String name) {
		String first = headers.get(name);
		if (first == null) {
			return null;
		}
		List<String> all = headers.getAll(name);
		return (all.size() == 1) ? first : String.join(", ", all);
	}

	@Override
	public @Nullable InetSocketAddress clientAddress() {
		return request.remoteAddress();
	}

	@Override
	public String protocol() {
		return request.protocol();
	}

}
