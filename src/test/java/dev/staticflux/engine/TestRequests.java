package dev.staticflux.engine;

import java.net.InetSocketAddress;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Requests as an adapter would hand them to the core, for the core's tests. */
final class TestRequests {

	private TestRequests() {
	}

	static FileRequest get(String target) {
		return request("GET", target, "localhost");
	}

	/** A GET with one request header. */
	static FileRequest get(String target, String name, String value) {
		return request("GET", target, "localhost", Map.of(name, value));
	}

	static FileRequest request(String method, String target, @Nullable String host) {
		return request(method, target, host, Map.of());
	}

	static FileRequest request(String method, String target, @Nullable String host, Map<String, String> headers) {
		return new FileRequest() {

			@Override
			public String method() {
				return method;
			}

			@Override
			public String rawTarget() {
				return target;
			}

			@Override
			public @Nullable String host() {
				return host;
			}

			@Override
			public @Nullable String header(String name) {
				return headers.get(name);
			}

			@Override
			public @Nullable InetSocketAddress clientAddress() {
				return null;
			}

			@Override
			public String protocol() {
				return "HTTP/1.1";
			}

		};
	}

}
