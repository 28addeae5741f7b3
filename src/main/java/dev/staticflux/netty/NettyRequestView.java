package dev.staticflux.netty;

import java.net.InetSocketAddress;
import java.util.Iterator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;

import dev.staticflux.engine.FileRequest;

/**
 * A Netty HTTP/1.x or HTTP/2 request as the engine core sees it, whether Reactor Netty
 * decoded it into an {@code HttpServerRequest} or {@link DirectResponder} reads it
 * straight from the codec.
 */
final class NettyRequestView implements FileRequest {

	private final HttpMethod method;

	private final String uri;

	private final HttpHeaders headers;

	private final @Nullable InetSocketAddress client;

	private final String protocol;

	/**
	 * @param method the method
	 * @param uri the request target as sent
	 * @param headers the request's header fields
	 * @param client the client's address, or {@code null}
	 * @param protocol the protocol, e.g. {@code HTTP/1.1}
	 */
	NettyRequestView(HttpMethod method, String uri, HttpHeaders headers, @Nullable InetSocketAddress client,
			String protocol) {
		this.method = method;
		this.uri = uri;
		this.headers = headers;
		this.client = client;
		this.protocol = protocol;
	}

	@Override
	public String method() {
		return method.name();
	}

	@Override
	public String rawTarget() {
		return uri;
	}

	@Override
	public @Nullable String host() {
		return headers.get(HttpHeaderNames.HOST);
	}

	@Override
	public @Nullable String header(String name) {
		Iterator<String> values = headers.valueStringIterator(HeaderStrings.name(name));
		if (!values.hasNext()) {
			return null;
		}
		String first = values.next();
		if (!values.hasNext()) {
			return first;
		}
		StringBuilder joined = new StringBuilder(first);
		while (values.hasNext()) {
			joined.append(", ").append(values.next());
		}
		return joined.toString();
	}

	@Override
	public @Nullable InetSocketAddress clientAddress() {
		return client;
	}

	@Override
	public String protocol() {
		return protocol;
	}

}
