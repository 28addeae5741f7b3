package dev.staticflux.http3;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLSocket;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.http3.Http3Clients.Exchange;
import dev.staticflux.ship.SelfSignedKeyStore;
import dev.staticflux.stats.StatsSource;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/3 with Reactor Netty's HTTP/3 client against the whole application: the same
 * answers as over HTTP/1.1 (status, headers, bytes) for every kind of request, the
 * {@code Alt-Svc} advertisement on TCP, and the accounting.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "staticflux.http3.enabled=true", "server.http2.enabled=true" })
class Http3IntegrationTests {

	@TempDir
	static Path directory;

	static SelfSignedKeyStore keyStore;

	static X509Certificate certificate;

	@LocalServerPort
	int port;

	@Autowired
	StatsSource stats;

	@Autowired
	Http3Listener listener;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws Exception {
		keyStore = SelfSignedKeyStore.generate(directory);
		keyStore.registerAsServerBundle(registry);
		int port = Http3Clients.freeTcpAndUdpPort();
		registry.add("server.port", () -> port);
		certificate = keyStore.certificate();
		TestSite.register(registry, directory, TestSite.create(directory));
	}

	private HttpClient http3() {
		return Http3Clients.http3(certificate, port);
	}

	private HttpClient http11() {
		return Http3Clients.http11(certificate, port);
	}

	@Test
	void listensOnTheTcpServersPortNumberOverUdp() {
		assertThat(listener.port()).isEqualTo(port);
	}

	@Test
	void servesAFileOverHttp3() {
		Exchange response = Http3Clients.get(http3(), "/text.txt");

		assertThat(response.version()).isEqualTo("HTTP/3.0");
		assertThat(response.status()).isEqualTo(200);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(TestSite.TEXT);
	}

	/**
	 * Cached and uncached files, variants, ranges, conditionals, redirects and errors:
	 * all as over HTTP/1.1.
	 */
	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("requests")
	void answersAsOverHttp11(HttpMethod method, String path, String header, String value) {
		UnaryOperator<HttpHeaders> headers = h -> (header.isEmpty()) ? h : h.set(header, value);

		Exchange overHttp11 = Http3Clients.exchange(http11(), method, path, headers);
		Exchange overHttp3 = Http3Clients.exchange(http3(), method, path, headers);

		assertThat(overHttp11.version()).isEqualTo("HTTP/1.1");
		assertThat(overHttp3.version()).isEqualTo("HTTP/3.0");
		assertThat(overHttp3.status()).isEqualTo(overHttp11.status());
		assertThat(overHttp3.answerHeaders()).isEqualTo(overHttp11.answerHeaders());
		assertThat(overHttp3.body()).isEqualTo(overHttp11.body());
	}

	static List<Object[]> requests() {
		return List.of(new Object[] { HttpMethod.GET, "/text.txt", "", "" },
				new Object[] { HttpMethod.GET, "/", "", "" }, new Object[] { HttpMethod.HEAD, "/text.txt", "", "" },
				new Object[] { HttpMethod.GET, "/large.bin", "", "" },
				new Object[] { HttpMethod.GET, "/large.bin", "Range", "bytes=1000000-1000099" },
				new Object[] { HttpMethod.GET, "/text.txt", "Range", "bytes=10-19" },
				new Object[] { HttpMethod.GET, "/text.txt", "Range", "bytes=500-" },
				new Object[] { HttpMethod.GET, "/page.html", "Accept-Encoding", "br, gzip" },
				new Object[] { HttpMethod.GET, "/docs", "", "" },
				new Object[] { HttpMethod.GET, "/missing.html", "", "" },
				new Object[] { HttpMethod.GET, "/.env", "", "" },
				new Object[] { HttpMethod.GET, "/forbidden.txt", "", "" },
				new Object[] { HttpMethod.GET, "/%2e%2e/outside/secret.txt", "", "" },
				new Object[] { HttpMethod.POST, "/text.txt", "", "" },
				new Object[] { HttpMethod.OPTIONS, "/text.txt", "", "" },
				new Object[] { HttpMethod.GET, "/text.txt", "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT" });
	}

	@Test
	void answersNotModifiedToItsOwnEtag() {
		String etag = Http3Clients.get(http3(), "/text.txt").headers().get("etag");

		Exchange response = Http3Clients.exchange(http3(), HttpMethod.GET, "/text.txt",
				h -> h.set(HttpHeaderNames.IF_NONE_MATCH, etag));

		assertThat(etag).isNotBlank();
		assertThat(response.status()).isEqualTo(304);
		assertThat(response.headers()).containsEntry("etag", etag);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void sendsSeveralRangesAsMultipart() {
		Exchange response = Http3Clients.exchange(http3(), HttpMethod.GET, "/text.txt",
				h -> h.set(HttpHeaderNames.RANGE, "bytes=0-4,90-99"));
		String body = new String(response.body(), StandardCharsets.ISO_8859_1);

		assertThat(response.status()).isEqualTo(206);
		assertThat(response.headers().get("content-type")).startsWith("multipart/byteranges; boundary=");
		assertThat(body).contains("Content-Range: bytes 0-4/100\r\n\r\n01234\r\n")
			.contains("Content-Range: bytes 90-99/100\r\n\r\n0123456789\r\n");
		assertThat(response.headers()).containsEntry("content-length", Integer.toString(response.body().length));
	}

	/**
	 * Larger than the cache's per-file limit: read from disk on the file-I/O threads, no
	 * sendfile.
	 */
	@Test
	void sendsALargeFileFromDiskWhole() {
		Exchange response = Http3Clients.get(http3(), "/large.bin");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(TestSite.largeContent());
	}

	@Test
	void servesManyRequestsOnOneConnectionAtOnce() {
		HttpClient client = http3();

		List<Integer> statuses = reactor.core.publisher.Flux.range(0, 50)
			.flatMap(i -> client.get()
				.uri(i % 2 == 0 ? "/text.txt" : "/index.html")
				.response()
				.map(r -> r.status().code()), 50)
			.collectList()
			.block(Http3Clients.TIMEOUT);

		assertThat(statuses).hasSize(50).containsOnly(200);
	}

	@Test
	void advertisesHttp3OnTcpResponsesOfEveryRoute() {
		String expected = "h3=\":" + port + "\"; ma=86400";

		assertThat(Http3Clients.get(http11(), "/text.txt").headers()).containsEntry("alt-svc", expected);
		assertThat(Http3Clients.get(http11(), "/missing.html").headers()).containsEntry("alt-svc", expected);
		assertThat(Http3Clients.get(http11(), "/dashboard").headers()).containsEntry("alt-svc", expected);
		Exchange overHttp2 = Http3Clients.get(Http3Clients.http2(certificate, port), "/text.txt");
		assertThat(overHttp2.version()).isEqualTo("HTTP/2.0");
		assertThat(overHttp2.headers()).containsEntry("alt-svc", expected);
	}

	/**
	 * Reactor Netty's own 400 for a malformed request head, written before any route
	 * runs.
	 */
	@Test
	void advertisesHttp3OnTheDecodersOwnErrors() throws Exception {
		try (Socket socket = keyStore.clientContext().getSocketFactory().createSocket("localhost", port)) {
			((SSLSocket) socket).startHandshake();
			OutputStream out = socket.getOutputStream();
			out.write("GET /text.txt HTTP/1.1\r\nHost: localhost\r\nno-colon-here\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			List<String> head = in.lines().takeWhile(line -> !line.isEmpty()).toList();

			assertThat(head.get(0)).startsWith("HTTP/1.1 400");
			assertThat(head)
				.anySatisfy(line -> assertThat(line.toLowerCase()).startsWith("alt-svc: h3=\":" + port + "\""));
		}
	}

	@Test
	void countsHttp3ResponsesUnderTheirProtocolAndLogsThem() throws Exception {
		long before = stats.snapshot().protocolCounts().get("HTTP/3.0");

		Http3Clients.get(http3(), "/docs/page.html");

		await()
			.untilAsserted(() -> assertThat(stats.snapshot().protocolCounts().get("HTTP/3.0")).isEqualTo(before + 1));
		Path log = directory.resolve("logs/access.log");
		await().untilAsserted(() -> assertThat(Files.exists(log) ? Files.readString(log) : "")
			.contains("\"GET /docs/page.html HTTP/3.0\" 200 "));
	}

}
