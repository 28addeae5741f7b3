package dev.staticflux.http3;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.Http3SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;

/**
 * Reactor Netty clients that trust the test certificate, one per protocol, and the
 * exchanges they make, so that a test can compare what the server answers over HTTP/3
 * with what it answers over TCP.
 */
final class Http3Clients {

	/**
	 * A port number free over both TCP and UDP right now, for a server whose QUIC
	 * listener takes the TCP port's number: with {@code server.port=0} alone the kernel
	 * picks a TCP port whose UDP twin may be taken (by a client socket of an earlier
	 * test, for instance), and the listener then fails to start.
	 */
	static int freeTcpAndUdpPort() throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket tcp = new ServerSocket(0)) {
				try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(tcp.getLocalPort()))) {
					return tcp.getLocalPort();
				}
				catch (SocketException taken) {
					// its UDP twin is in use: try another
				}
			}
		}
		throw new IllegalStateException("no port free over both TCP and UDP");
	}

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private Http3Clients() {
	}

	static HttpClient http3(X509Certificate trusted, int port) {
		return http3(HttpClient.create(), trusted, port);
	}

	/**
	 * An HTTP/3 client on a connection pool of its own, so that it opens its own QUIC
	 * connection.
	 */
	static HttpClient http3(ConnectionProvider pool, X509Certificate trusted, int port) {
		return http3(HttpClient.create(pool), trusted, port);
	}

	private static HttpClient http3(HttpClient client, X509Certificate trusted, int port) {
		return client.protocol(HttpProtocol.HTTP3)
			.secure(spec -> spec.sslContext(Http3SslContextSpec.forClient().configure(b -> b.trustManager(trusted))))
			// longer than any pause of the tests: a reader held back while another client
			// is refused (up to
			// 10 s) leaves its connection without a packet, and QUIC closes a connection
			// idle that long
			.http3Settings(spec -> spec.idleTimeout(Duration.ofSeconds(30))
				.maxData(16 * 1024 * 1024)
				.maxStreamDataBidirectionalLocal(4 * 1024 * 1024)
				.maxStreamsBidirectional(100))
			.baseUrl("https://localhost:" + port)
			.responseTimeout(TIMEOUT);
	}

	static HttpClient http11(X509Certificate trusted, int port) {
		return tcp(HttpProtocol.HTTP11, Http11SslContextSpec.forClient().configure(b -> b.trustManager(trusted)), port);
	}

	static HttpClient http2(X509Certificate trusted, int port) {
		return tcp(HttpProtocol.H2, Http2SslContextSpec.forClient().configure(b -> b.trustManager(trusted)), port);
	}

	private static HttpClient tcp(HttpProtocol protocol, GenericSslContextSpec<?> ssl, int port) {
		return HttpClient.create()
			.protocol(protocol)
			.secure(spec -> spec.sslContext(ssl))
			.baseUrl("https://localhost:" + port)
			.responseTimeout(TIMEOUT);
	}

	/** One request and its whole response. */
	static Exchange exchange(HttpClient client, HttpMethod method, String uri,
			UnaryOperator<HttpHeaders> requestHeaders) {
		return client.headers(requestHeaders::apply)
			.request(method)
			.uri(uri)
			.responseSingle((response, body) -> body.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map(bytes -> new Exchange(response.status().code(), response.version().text(),
						headers(response.responseHeaders()), bytes)))
			.timeout(TIMEOUT)
			.block();
	}

	static Exchange get(HttpClient client, String uri) {
		return exchange(client, HttpMethod.GET, uri, h -> h);
	}

	/**
	 * Header names in lower case (HTTP/2 and HTTP/3 send them so), several values joined
	 * by a comma.
	 */
	private static Map<String, String> headers(HttpHeaders headers) {
		Map<String, String> map = new TreeMap<>();
		headers.forEach(header -> map.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
				(a, b) -> a + ", " + b));
		return map;
	}

	/**
	 * A response as received.
	 *
	 * @param status the status code
	 * @param version the protocol the response came with, e.g. {@code HTTP/3.0}
	 * @param headers by lower-case name
	 * @param body the body bytes
	 */
	record Exchange(int status, String version, Map<String, String> headers, byte[] body) {

		/** The headers that describe the answer, not the connection or the moment. */
		Map<String, String> answerHeaders() {
			Map<String, String> answer = new TreeMap<>(headers);
			answer.keySet()
				.removeAll(Set.of("date", "alt-svc", "connection", "keep-alive", "transfer-encoding",
						"x-http3-stream-id"));
			return answer;
		}

	}

}
